// What an advisor (or the learner) sees of a learner: holdings with level and source, badges,
// targets and work in progress.
import { Anchor, Badge, Card, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { LearnerQuery } from '../gql/graphql';
import { useT } from '../i18n';
import { Scroll, StatusBadge, Head } from '../common';

type Learner = NonNullable<LearnerQuery['learner']>;

export function LearnerProfile({ learner }: { learner: Learner }) {
  const { t, tk, date } = useT();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t('holdings')} ({learner.holdings.totalCount})
        </Title>
        <Scroll label={t('holdings')} minWidth={300}>
          <Table striped data-testid="holdings">
            <Head cols={[t('competency'), t('level'), t('source')]} />
            <Table.Tbody>
              {learner.holdings.edges.map((h) => (
                <Table.Tr key={h.node.key}>
                  <Table.Td>{h.node.name}</Table.Td>
                  <Table.Td>{h.level}</Table.Td>
                  <Table.Td>{tk('src_' + h.source)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t('badges')} ({learner.achievements.edges.length})
        </Title>
        <ul style={{ margin: 0, paddingLeft: '1.2rem' }} data-testid="badges">
          {learner.achievements.edges.map(({ node: a }) => (
            <li key={a.key}>
              <Group gap={6} wrap="wrap">
                <Anchor href={a.viewUrl} target="_blank" rel="noopener">
                  {a.subject.__typename === 'Credential' || a.subject.__typename === 'Block' ? a.subject.title : a.key}
                </Anchor>
                <StatusBadge status={a.status} />
                {a.result && <Text size="xs">{a.result}</Text>}
                <Text size="xs">{date(a.issuedAt)}</Text>
              </Group>
            </li>
          ))}
        </ul>
        <Title order={3} size="h4" mt="md" mb="xs">
          {t('targets')}
        </Title>
        <Group gap={4}>
          {learner.targets.edges.map((e) => (
            <Badge key={e.node.key} variant="outline" color="indigo.9" tt="none">
              {e.node.title}
            </Badge>
          ))}
        </Group>
        {learner.inProgress.length > 0 && (
          <>
            <Title order={3} size="h4" mt="md" mb="xs">
              {t('inProgress')}
            </Title>
            <ul style={{ margin: 0, paddingLeft: '1.2rem' }}>
              {learner.inProgress.map((c) => (
                <li key={c.key}>{c.title}</li>
              ))}
            </ul>
          </>
        )}
      </Card>
    </SimpleGrid>
  );
}
