// GraphiQL, bundled: no CDN. It opens on the tour's first query and, when the server runs the
// demo with development tokens, one tab per demo identity with its Authorization header set.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import { demoIdentities } from '../api';

const tourQuery = `# The skills graph at a glance. The README's tour has more to paste here.
{
  stats { competencies credentials blocks jobRoles learners relationships }
  search(query: "données", first: 8) {
    hasMore
    edges {
      score
      node {
        __typename
        ... on Competency { name alignmentUri }
        ... on Credential { title hours price }
        ... on JobRole { title }
        ... on Block { title }
      }
    }
  }
}
`;

const learnerQuery = `# as the learner (Léa), or her advisor
{
  learner(key: "learner-lea-dubois") {
    name headline
    constraints { hoursPerWeek maxBudget modalities deadline }
    targets { edges { node { title } } }
    holdings { edges { level source node { name } } }
  }
}
`;

const fetcher = createGraphiQLFetcher({ url: '/graphql' });

demoIdentities().then((demo) => {
  const tabs = [
    { query: tourQuery },
    ...demo.map((d) => ({
      query: d.role === 'learner' || d.role === 'advisor' ? learnerQuery : `# as ${d.name}\n` + tourQuery,
      headers: JSON.stringify({ Authorization: `Bearer ${d.token}` }, null, 2),
    })),
  ];
  createRoot(document.getElementById('graphiql')!).render(
    <GraphiQL fetcher={fetcher} defaultTabs={tabs} defaultEditorToolsVisibility={demo.length > 0 ? 'headers' : undefined} shouldPersistHeaders={false} />,
  );
});
