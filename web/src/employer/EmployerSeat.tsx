// The employer's seat: a role created from an ESCO occupation in one step, our roles and their
// requirements (edited in place), candidates who opted in ranked with what they miss, and the
// coverage matrix: requirements against credentials, with the cheapest set covering the role.
import { Fragment, useState } from 'react';
import {
  Alert, Anchor, Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title,
} from '@mantine/core';
import { gql, type Claims } from '../api';
import {
  CandidatesDoc, CompetencySearchDoc, CoverageMatrixDoc, CreateRoleFromOccupationDoc, LinkDoc, OccupationSearchDoc, RoleDoc, RolesDoc, UnlinkDoc,
} from '../ops';
import type { Importance, RoleQuery } from '../gql/graphql';
import { useQuery } from '../useQuery';
import { useT } from '../i18n';
import { setParams, useLocation } from '../router';
import { Head, QueryStatus, Scroll, Section, useAction } from '../common';

type Role = NonNullable<RoleQuery['jobRole']>;
type Requirement = Role['requirements']['edges'][number];

export function EmployerSeat({ claims }: { claims: Claims }) {
  const { t, apiLang } = useT();
  const { params } = useLocation();
  const ours = useQuery(RolesDoc, claims.org ? { where: { organizationIds: [claims.org] }, lang: apiLang } : null);
  const all = useQuery(RolesDoc, { lang: apiLang });
  const ourRoles = (ours.data?.jobRoles.edges ?? []).map((e) => e.node);
  const others = (all.data?.jobRoles.edges ?? []).map((e) => e.node).filter((r) => !ourRoles.some((o) => o.key === r.key));
  const roleKey = params.get('role') ?? ourRoles[0]?.key ?? '';
  const role = useQuery(RoleDoc, roleKey ? { key: roleKey, lang: apiLang } : null);
  const r = role.data?.jobRole;
  const editable = !!r && !!claims.org && r.organization?.key === claims.org;
  return (
    <Stack>
      <Title order={2}>{t('roles')}</Title>
      <QueryStatus q={ours} />
      {claims.org && (
        <FromOccupation
          org={claims.org}
          onCreated={(key) => {
            ours.reload();
            setParams({ role: key });
          }}
        />
      )}
      <Select
        label={t('role')}
        searchable
        maw={520}
        data={[
          { group: t('ourRoles'), items: ourRoles.map((x) => ({ value: x.key, label: x.title })) },
          { group: t('otherRoles'), items: others.map((x) => ({ value: x.key, label: x.title })) },
        ]}
        value={roleKey || null}
        onChange={(v) => v && setParams({ role: v })}
      />
      <QueryStatus q={role} />
      {r && (
        <>
          <Requirements role={r} editable={editable} reload={role.reload} />
          {/* Keyed by the requirements, so an edit recomputes the matrix. */}
          <CoverageMatrix key={r.requirements.edges.map((e) => `${e.node.key}:${e.importance}:${e.level}`).join()} role={r} />
          <Candidates role={r} />
        </>
      )}
    </Stack>
  );
}

function Requirements({ role, editable, reload }: { role: Role; editable: boolean; reload: () => void }) {
  const { t } = useT();
  const [error, runAction] = useAction();
  const rows = [...role.requirements.edges].sort((a, b) => (a.importance === b.importance ? b.weight - a.weight : a.importance === 'ESSENTIAL' ? -1 : 1));
  const run = async (f: () => Promise<unknown>) => {
    if (await runAction(f)) reload();
  };

  const save = (competency: string, importance: Importance, level: number, weight: number) =>
    run(() => gql(LinkDoc, { input: { type: 'ROLE_REQUIRES', from: role.key, to: competency, importance, level, weight } }));
  return (
    <Section id="req-title" title={<>{t('requirements')} — {role.title} ({role.requirements.totalCount})</>}>
      {error && <Alert color="red" mb="xs">{error}</Alert>}
      <Scroll label={t('requirements')} minWidth={520}>
        <Table striped data-testid="requirements">
          <Head cols={[t('competency'), t('importance'), t('level'), t('weight'), ...(editable ? [t('edit')] : [])]} />
          <Table.Tbody>
            {rows.map((e) =>
              editable ? (
                <EditableRow key={e.node.key} req={e} onSave={save} onRemove={() => run(() => gql(UnlinkDoc, { type: 'ROLE_REQUIRES', from: role.key, to: e.node.key }))} />
              ) : (
                <Table.Tr key={e.node.key}>
                  <Table.Td>{e.node.name}</Table.Td>
                  <Table.Td>{e.importance === 'ESSENTIAL' ? t('essential') : t('optional')}</Table.Td>
                  <Table.Td>{e.level}</Table.Td>
                  <Table.Td>{e.weight}</Table.Td>
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      </Scroll>
      {editable && <AddRequirement onAdd={(key) => save(key, 'ESSENTIAL', 2, 1)} />}
    </Section>
  );
}

function EditableRow({ req, onSave, onRemove }: { req: Requirement; onSave: (c: string, i: Importance, l: number, w: number) => void; onRemove: () => void }) {
  const { t } = useT();
  const [importance, setImportance] = useState<Importance>(req.importance);
  const [level, setLevel] = useState(req.level);
  const [weight, setWeight] = useState(req.weight);
  const changed = importance !== req.importance || level !== req.level || weight !== req.weight;
  const name = req.node.name;
  return (
    <Table.Tr data-testid="requirement" data-key={req.node.key}>
      <Table.Td>{name}</Table.Td>
      <Table.Td>
        <Select
          aria-label={`${t('importance')}: ${name}`}
          w={140}
          data={[
            { value: 'ESSENTIAL', label: t('essential') },
            { value: 'OPTIONAL', label: t('optional') },
          ]}
          value={importance}
          allowDeselect={false}
          onChange={(v) => v && setImportance(v as Importance)}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput aria-label={`${t('level')}: ${name}`} w={70} min={1} max={5} value={level} onChange={(v) => setLevel(Number(v) || 1)} />
      </Table.Td>
      <Table.Td>
        <NumberInput aria-label={`${t('weight')}: ${name}`} w={80} min={0.1} max={1000} step={0.5} value={weight} onChange={(v) => setWeight(Number(v) || 1)} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-sm" disabled={!changed} onClick={() => onSave(req.node.key, importance, level, weight)}>
            {t('save')}
          </Button>
          <Button size="compact-sm" variant="default" onClick={onRemove}>
            {t('remove')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function AddRequirement({ onAdd }: { onAdd: (competencyKey: string) => void }) {
  const { t, apiLang } = useT();
  const [text, setText] = useState('');
  const found = useQuery(CompetencySearchDoc, text.trim().length >= 3 ? { text: text.trim(), lang: apiLang } : null);
  return (
    <Stack gap={4} mt="sm">
      <TextInput label={t('addRequirement')} placeholder={t('searchCompetency')} value={text} onChange={(e) => setText(e.currentTarget.value)} maw={420} />
      <Group gap={4}>
        {found.data?.competencies.edges.map((e) => (
          <Button key={e.node.key} size="compact-sm" variant="outline" onClick={() => { onAdd(e.node.key); setText(''); }}>
            + {e.node.name}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

function Candidates({ role }: { role: Role }) {
  const { t, pct } = useT();
  const q = useQuery(CandidatesDoc, { role: role.key });
  return (
    <Section id="cand-title" title={t('candidates')}>
      <QueryStatus q={q} />
      {q.data && q.data.candidatesForRole.length === 0 && <Text>{t('noCandidates')}</Text>}
      <Stack gap="xs" data-testid="candidates">
        {q.data?.candidatesForRole.map((c) => {
          const held = new Map(c.learner.holdings.edges.map((h) => [h.node.key, h.level]));
          // The gap as the employer may see it: requirements the candidate's holdings do not meet.
          const missing = role.requirements.edges.filter((r) => (held.get(r.node.key) ?? 0) < r.level);
          return (
            <Card key={c.learner.key} withBorder padding="xs" data-testid="candidate">
              <Group justify="space-between">
                <Text fw={600}>{c.learner.name}</Text>
                <Text size="sm">
                  {pct(c.weightedCoverage)} · {c.metCount}/{c.totalCount} {t('requirementsMet')}
                </Text>
              </Group>
              <Text size="sm">{c.learner.headline}</Text>
              {missing.length > 0 && (
                <Text size="xs">
                  {t('candidateGap')}:{' '}
                  {missing
                    .sort((a, b) => (a.importance === b.importance ? 0 : a.importance === 'ESSENTIAL' ? -1 : 1))
                    .slice(0, 6)
                    .map((r) => `${r.node.name} (${held.get(r.node.key) ?? 0}/${r.level})`)
                    .join(', ')}
                  {missing.length > 6 ? ` +${missing.length - 6}` : ''}
                </Text>
              )}
            </Card>
          );
        })}
      </Stack>
    </Section>
  );
}

/** Search ESCO occupations (roles no organisation offers) and copy one as a new role of ours. */
function FromOccupation({ org, onCreated }: { org: string; onCreated: (key: string) => void }) {
  const { t, apiLang } = useT();
  const [text, setText] = useState('');
  const [error, runAction] = useAction();
  const found = useQuery(OccupationSearchDoc, text.trim().length >= 3 ? { text: text.trim(), lang: apiLang } : null);
  const occupations = (found.data?.jobRoles.edges ?? []).map((e) => e.node).filter((n) => !n.organization).slice(0, 8);
  const create = (id: string) =>
    runAction(async () => {
      const d = await gql(CreateRoleFromOccupationDoc, { input: { occupationId: id, organizationId: org } });
      setText('');
      onCreated(d.createJobRoleFromOccupation.key);
    });
  return (
    <Section id="occ-title" title={t('fromOccupation')}>
      <Text size="sm" mb="xs">{t('fromOccupationHelp')}</Text>
      {error && <Alert color="red" mb="xs">{error}</Alert>}
      <TextInput label={t('searchOccupation')} value={text} onChange={(e) => setText(e.currentTarget.value)} maw={420} />
      <Group gap={4} mt={4} data-testid="occupations">
        {occupations.map((o) => (
          <Button key={o.key} size="compact-sm" variant="outline" onClick={() => create(o.id)}>
            {t('createFrom')}: {o.title}
          </Button>
        ))}
      </Group>
    </Section>
  );
}

/**
 * The coverage matrix: a row per requirement, a column per credential, each cell the level the
 * credential certifies. The cheapest set's columns are marked, with its total hours and price.
 */
function CoverageMatrix({ role }: { role: Role }) {
  const { t, apiLang, num, money } = useT();
  const q = useQuery(CoverageMatrixDoc, { role: role.key, lang: apiLang });
  const m = q.data?.coverageMatrix;
  const cols = m?.credentials ?? [];
  const cheapest = cols.filter((c) => c.inCheapest);
  return (
    <Section id="matrix-title" title={<>{t('coverageMatrix')} — {role.title}</>}>
      <QueryStatus q={q} />
      {m && (
        <Stack gap="xs">
          <Card withBorder padding="xs" className="cheapest" data-testid="cheapest">
            <Text fw={600}>★ {t('cheapestSet')}</Text>
            {m.cheapest ? (
              <Text size="sm">
                {cheapest.map((c) => c.credential.title).join(' · ')} — {m.cheapest.credentialCount} {t('credentials').toLowerCase()},{' '}
                <span data-testid="cheapest-hours">{num(m.cheapest.totalHours)} h</span>,{' '}
                <span data-testid="cheapest-price">{money(m.cheapest.totalCost)}</span>
                {m.provenOptimal ? ` (${t('provenCheapest')})` : ''}
              </Text>
            ) : (
              <Text size="sm">{t('cheapestNone')}</Text>
            )}
            {m.uncoveredGaps.map((g) => (
              <Text size="xs" key={g.competency.key} data-testid="matrix-gap">
                {g.competency.name} ({t('level')} {g.level}): {g.reason}
              </Text>
            ))}
          </Card>
          <Text size="xs">
            {cols.length} {t('shownOf')} {m.totalCredentials}
          </Text>
          <Scroll label={t('coverageMatrix')} minWidth={200 + cols.length * 96}>
            <Table withColumnBorders data-testid="coverage-matrix" className="matrix">
              <caption>{t('matrixCaption')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('competency')}</Table.Th>
                  {cols.map((c) => (
                    <Table.Th scope="col" key={c.credential.key} className={c.inCheapest ? 'in-cheapest' : undefined} data-testid="matrix-credential">
                      <Text size="xs" fw={600}>
                        {c.inCheapest && <span aria-label={t('inCheapest')}>★ </span>}
                        {c.credential.title}
                      </Text>
                      <Text size="xs" fw={400}>
                        {c.credential.organization.name} · {num(c.hours)} h · {money(c.price, c.currency ?? 'EUR')}
                      </Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {m.requirements.map((r) => {
                  const byCred = new Map(r.cells.map((x) => [x.credential.key, x]));
                  return (
                    <Table.Tr key={r.competency.key} data-testid="matrix-row">
                      <Table.Th scope="row">
                        <Text size="sm" fw={500}>{r.competency.name}</Text>
                        <Text size="xs" fw={400}>
                          {r.importance === 'ESSENTIAL' ? t('essential') : t('optional')} · {t('level')} {r.level}
                          {!r.coverable && <> · {t('notCoverable')}</>}
                        </Text>
                      </Table.Th>
                      {cols.map((c) => {
                        const cell = byCred.get(c.credential.key);
                        return (
                          <Table.Td key={c.credential.key} className={c.inCheapest ? 'in-cheapest' : undefined} ta="center">
                            {cell && (
                              <Fragment>
                                {cell.level}
                                {cell.meets ? ' ✓' : ''}
                                <span className="visually-hidden"> {cell.meets ? t('meetsLevel') : t('belowLevel')}</span>
                              </Fragment>
                            )}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Scroll>
        </Stack>
      )}
      <Anchor href="/graphiql" size="xs" className="no-print">
        GraphiQL
      </Anchor>
    </Section>
  );
}
