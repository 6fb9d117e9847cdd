// GraphiQL, bundled: no CDN. It opens on the tour's first query and, when the server runs the
// demo with development tokens, one tab per demo identity with its Authorization header set.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './a11y.css';
import { demoIdentities } from '../api';

const tourQuery = (name: string) => `# The skills graph at a glance. The README's tour has more to paste here.
query ${name} {
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

const learnerQuery = (name: string) => `# as the learner (Léa), or her advisor
query ${name} {
  learner(key: "learner-lea-dubois") {
    name headline
    constraints { hoursPerWeek maxBudget modalities deadline }
    targets { edges { node { title } } }
    holdings { edges { level source node { name } } }
  }
}
`;

const fetcher = createGraphiQLFetcher({ url: '/graphql' });

// GraphiQL's editors are CodeMirror textareas without a name, inside scroll areas that a
// keyboard cannot reach, and its tabs nest buttons in a tab role: name the editors, make the
// scroll areas focusable, and leave the tab bar as plain buttons, whenever GraphiQL renders.
const editorNames: [string, string][] = [
  ['.graphiql-query-editor', 'Query'],
  ['.graphiql-editor-tool [aria-label], .graphiql-editor-tool', 'Variables or headers'],
  ['.graphiql-response', 'Response'],
];
function fixAccessibility() {
  for (const [selector, name] of editorNames) {
    document.querySelectorAll(`${selector} .CodeMirror textarea:not([aria-label])`).forEach((el) => el.setAttribute('aria-label', name));
  }
  document.querySelectorAll('.CodeMirror textarea:not([aria-label])').forEach((el) => el.setAttribute('aria-label', 'Editor'));
  document.querySelectorAll('.CodeMirror-scroll:not([tabindex="0"])').forEach((el) => el.setAttribute('tabindex', '0'));
  document.querySelectorAll('ul.graphiql-tabs[role], li.graphiql-tab[role]').forEach((el) => el.removeAttribute('role'));
  document.querySelectorAll('li.graphiql-tab[aria-selected]').forEach((el) => el.removeAttribute('aria-selected'));
}
new MutationObserver(fixAccessibility).observe(document.body, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['role', 'aria-selected', 'tabindex'],
});


demoIdentities().then((demo) => {
  const tabs = [
    { query: tourQuery('Tour') },
    ...demo.map((d) => ({
      // The operation's name titles the tab: whose headers it carries.
      query: (d.role === 'learner' || d.role === 'advisor' ? learnerQuery : tourQuery)('As' + d.role[0].toUpperCase() + d.role.slice(1)),
      headers: JSON.stringify({ Authorization: `Bearer ${d.token}` }, null, 2),
    })),
  ];
  createRoot(document.getElementById('graphiql')!).render(
    <GraphiQL fetcher={fetcher} defaultTabs={tabs} defaultEditorToolsVisibility={demo.length > 0 ? 'headers' : undefined} shouldPersistHeaders={false} />,
  );
});
