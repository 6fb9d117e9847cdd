// The advisor's seat: my learners, then one learner's page with the gap, the plan and its
// what-if controls, role fit and block progress.
import { Anchor, Group, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { BlockProgressDoc, CertificationsDoc, LearnerDoc, MyLearnersDoc, RoleFitDoc } from '../ops';
import { useQuery } from '../useQuery';
import { useT } from '../i18n';
import { navigate, setParams, useLocation } from '../router';
import { QueryStatus, linkTo, Scroll, Section, Head } from '../common';
import { LearnerProfile } from './LearnerProfile';
import { PlanPanel } from '../plan/PlanPanel';

export function AdvisorHome() {
  const { t } = useT();
  const q = useQuery(MyLearnersDoc, {});
  return (
    <Stack>
      <Title order={2}>{t('myLearners')}</Title>
      <QueryStatus q={q} />
      {q.data && (
        <Scroll label={t('myLearners')} minWidth={360}>
          <Table striped highlightOnHover data-testid="my-learners">
            <Head cols={[t('name'), t('headline'), t('targets'), t('badges')]} />
            <Table.Tbody>
              {q.data.learners.edges.map(({ node: l }) => (
                <Table.Tr key={l.key}>
                  <Table.Td>
                    <Anchor {...linkTo(navigate, '/advisor/learners/' + encodeURIComponent(l.key))}>{l.name}</Anchor>
                  </Table.Td>
                  <Table.Td>{l.headline}</Table.Td>
                  <Table.Td>{l.targets.edges.map((e) => e.node.title).join(', ')}</Table.Td>
                  <Table.Td>{l.achievements.totalCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      )}
    </Stack>
  );
}

export function AdvisorLearner({ learnerKey }: { learnerKey: string }) {
  const { t, apiLang } = useT();
  const q = useQuery(LearnerDoc, { key: learnerKey, lang: apiLang });
  const l = q.data?.learner;
  return (
    <Stack>
      <Anchor className="no-print" {...linkTo(navigate, '/advisor')}>
        ← {t('myLearners')}
      </Anchor>
      <QueryStatus q={q} />
      {l && (
        <>
          <div>
            <Title order={2}>{l.name}</Title>
            <Text>{l.headline}</Text>
          </div>
          <div className="no-print">
            <LearnerProfile learner={l} />
          </div>
          <PlanPanel learner={l} />
          <SimpleGrid cols={{ base: 1, md: 2 }} className="no-print">
            <RoleFit learnerKey={l.key} />
            <BlockProgress learnerKey={l.key} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

export function RoleFit({ learnerKey }: { learnerKey: string }) {
  const { t, pct, num, apiLang } = useT();
  const q = useQuery(RoleFitDoc, { learner: learnerKey, lang: apiLang });
  return (
    <Section id="rolefit-title" title={t('roleFit')}>
      <QueryStatus q={q} />
      {q.data && (
        <Scroll label={t('roleFit')} minWidth={320}>
          <Table data-testid="role-fit">
            <Head cols={[t('role'), t('weightedCoverage'), t('pathwayHours')]} />
            <Table.Tbody>
              {q.data.roleFit.map((f) => (
                <Table.Tr key={f.role.key}>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => setParams({ role: f.role.key })}>
                      {f.role.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Progress value={f.weightedCoverage * 100} w={80} aria-label={`${f.role.title}: ${pct(f.weightedCoverage)}`} />
                      <Text size="sm">{pct(f.weightedCoverage)}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{f.pathwayHours != null ? num(f.pathwayHours) + ' h' : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      )}
    </Section>
  );
}

export function BlockProgress({ learnerKey }: { learnerKey: string }) {
  const { t, pct, num, money } = useT();
  const { params } = useLocation();
  const blocks = useQuery(CertificationsDoc, {});
  const certs = (blocks.data?.blocks.edges ?? []).map((e) => e.node);
  const blockKey = params.get('block') ?? certs.find((b) => b.certification)?.key ?? certs[0]?.key ?? '';
  const q = useQuery(BlockProgressDoc, blockKey ? { learner: learnerKey, block: blockKey } : null);
  const bp = q.data?.blockProgress;
  const title = (c: { __typename?: string; title?: string; key?: string }) => c.title ?? c.key ?? '';
  return (
    <Section id="blocks-title" title={t('blockProgress')}>
      <Select
        label={t('block')}
        data={certs.map((b) => ({ value: b.key, label: b.title }))}
        value={blockKey || null}
        onChange={(v) => v && setParams({ block: v })}
        mb="sm"
      />
      <QueryStatus q={q} />
      {bp && (
        <Stack gap="xs" data-testid="block-progress">
          <Group gap="xs">
            <Progress value={bp.percent} w={160} aria-label={`${t('block')}: ${num(bp.percent)} %`} />
            <Text size="sm">{num(bp.percent)} %{bp.complete ? ` · ${t('complete')}` : ''}</Text>
          </Group>
          {bp.nested.map((n) => (
            <div key={n.block.key}>
              <Text size="sm" fw={600}>
                {n.block.title}: {pct(n.percent / 100)}
              </Text>
              <Text size="xs">
                {t('done')}: {n.done.map(title).join(', ') || '—'} · {t('missing')}: {n.missing.map(title).join(', ') || '—'}
              </Text>
            </div>
          ))}
          {bp.cheapestCompletion.length > 0 && (
            <Text size="sm">
              {t('cheapestCompletion')}: {bp.cheapestCompletion.map((c) => c.title).join(', ')} ({num(bp.cheapestCompletionHours)} h, {money(bp.cheapestCompletionCost)})
            </Text>
          )}
        </Stack>
      )}
    </Section>
  );
}
