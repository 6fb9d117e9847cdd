// The issuer's seat: our credentials and blocks (create, edit), awarding a badge with its
// result and evidence, the badges awarded, and revoking or suspending one with a reason.
import { useEffect, useState } from 'react';
import {
  Alert, Anchor, Button, Checkbox, Group, Image, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { gql, type Claims } from '../api';
import {
  AchievementDoc, CreateBlockDoc, CreateCredentialDoc, IssueBadgeDoc, IssuedBadgesDoc, OrgCatalogueDoc, ReinstateDoc, RevokeDoc, SuspendDoc, UpdateBlockDoc, UpdateCredentialDoc,
} from '../ops';
import type { AchievementQuery, Modality, OrgCatalogueQuery, RuleKind } from '../gql/graphql';
import { useQuery } from '../useQuery';
import { useT } from '../i18n';
import { Head, QueryStatus, Scroll, Section, StatusBadge, badgeImage, useAction } from '../common';

type Org = NonNullable<OrgCatalogueQuery['organization']>;
type Cred = Org['credentials']['edges'][number]['node'];
type Blk = Org['blocks']['edges'][number]['node'];

export function IssuerSeat({ claims }: { claims: Claims }) {
  const { t } = useT();
  const q = useQuery(OrgCatalogueDoc, claims.org ? { key: claims.org } : null);
  const [editing, setEditing] = useState<Cred | 'new' | null>(null);
  const [editingBlock, setEditingBlock] = useState<Blk | 'new' | null>(null);
  const [picked, setPicked] = useState('');
  const [tick, setTick] = useState(0);
  const onIssued = () => setTick((n) => n + 1);
  if (!claims.org) return <Alert>{t('notAllowed')}</Alert>;
  const org = q.data?.organization;
  const creds = (org?.credentials.edges ?? []).map((e) => e.node);
  const blocks = (org?.blocks.edges ?? []).map((e) => e.node);
  return (
    <Stack>
      <QueryStatus q={q} />
      {org && (
        <>
          <Title order={2}>{org.name}</Title>
          <Section
            id="creds-title"
            title={<>{t('credentials')} ({creds.length})</>}
            actions={
              <Button size="compact-sm" onClick={() => setEditing('new')}>
                {t('newCredential')}
              </Button>
            }
          >
            <CredentialTable creds={creds} onEdit={setEditing} />
          </Section>
          <Section
            id="blocks-title"
            title={<>{t('blocks')} ({blocks.length})</>}
            actions={
              <Button size="compact-sm" onClick={() => setEditingBlock('new')}>
                {t('newBlock')}
              </Button>
            }
          >
            <Stack gap="xs" data-testid="blocks">
              {blocks.map((b) => (
                <Group key={b.key} justify="space-between" wrap="wrap">
                  <div>
                    <Text fw={600} size="sm">
                      {b.title} {b.certification ? `(${t('certification')})` : ''}
                    </Text>
                    <Text size="xs">
                      {ruleText(t, b.rule)} {b.components.edges.map((e) => ('title' in e.node ? e.node.title : '')).join(', ')}
                    </Text>
                  </div>
                  <Button size="compact-sm" variant="default" onClick={() => setEditingBlock(b)} aria-label={`${t('edit')}: ${b.title}`}>
                    {t('edit')}
                  </Button>
                </Group>
              ))}
            </Stack>
          </Section>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <AwardBadge creds={creds} blocks={blocks} onIssued={onIssued} />
            <ManageBadge picked={picked} onChanged={() => setTick((x) => x + 1)} />
          </SimpleGrid>
          <IssuedBadges tick={tick} onManage={setPicked} />
          <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('newCredential') : t('edit')} size="lg" closeButtonProps={{ 'aria-label': t('cancel') }}>
            {editing !== null && (
              <CredentialForm org={org.key} cred={editing === 'new' ? null : editing} onDone={() => { setEditing(null); q.reload(); }} />
            )}
          </Modal>
          <Modal opened={editingBlock !== null} onClose={() => setEditingBlock(null)} title={editingBlock === 'new' ? t('newBlock') : t('edit')} size="lg" closeButtonProps={{ 'aria-label': t('cancel') }}>
            {editingBlock !== null && (
              <BlockForm org={org.key} creds={creds} block={editingBlock === 'new' ? null : editingBlock} onDone={() => { setEditingBlock(null); q.reload(); }} />
            )}
          </Modal>
        </>
      )}
    </Stack>
  );
}

function ruleText(t: (k: 'rule_ALL') => string, r: Blk['rule']) {
  const base = t(('rule_' + r.kind) as 'rule_ALL');
  if (r.kind === 'AT_LEAST') return base.replace('N', String(r.count ?? ''));
  if (r.kind === 'MIN_ECTS' || r.kind === 'MIN_HOURS') return base.replace('X', String(r.min ?? ''));
  return base;
}

function CredentialTable({ creds, onEdit }: { creds: Cred[]; onEdit: (c: Cred) => void }) {
  const { t, num, money, tk } = useT();
  return (
    <Scroll label={t('credentials')} minWidth={520}>
      <Table striped data-testid="credentials">
        <Head cols={[t('title'), t('totalHours'), t('price'), t('modality'), t('edit')]} />
        <Table.Tbody>
          {creds.map((c) => (
            <Table.Tr key={c.key}>
              <Table.Td>{c.title}</Table.Td>
              <Table.Td>{num(c.hours)} h</Table.Td>
              <Table.Td>{money(c.price, c.currency ?? 'EUR')}</Table.Td>
              <Table.Td>{tk('mod_' + c.modality)}</Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="default" onClick={() => onEdit(c)} aria-label={`${t('edit')}: ${c.title}`}>
                  {t('edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Scroll>
  );
}

function CredentialForm({ org, cred, onDone }: { org: string; cred: Cred | null; onDone: () => void }) {
  const { t, tk } = useT();
  const [title, setTitle] = useState(cred?.title ?? '');
  const [description, setDescription] = useState(cred?.description ?? '');
  const [hours, setHours] = useState<number>(cred?.hours ?? 7);
  const [price, setPrice] = useState<number>(cred?.price ?? 0);
  const [modality, setModality] = useState<Modality>(cred?.modality ?? 'REMOTE');
  const [language, setLanguage] = useState(cred?.language ?? 'fr');
  const [eqf, setEqf] = useState<number | ''>(cred?.eqfLevel ?? '');
  const [error, run] = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const fields = { title, description: description || null, hours, price, modality, language, eqfLevel: eqf === '' ? null : eqf };
    const ok = await run(() =>
      cred
        ? gql(UpdateCredentialDoc, { input: { id: cred.key, ...fields } })
        : gql(CreateCredentialDoc, { input: { ...fields, currency: 'EUR', organizationId: org } }),
    );
    if (ok) onDone();
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        {error && <Alert color="red">{error}</Alert>}
        <TextInput label={t('title')} required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Textarea label={t('description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
        <SimpleGrid cols={2}>
          <NumberInput label={t('totalHours')} min={0} value={hours} onChange={(v) => setHours(Number(v) || 0)} />
          <NumberInput label={t('price')} min={0} value={price} onChange={(v) => setPrice(Number(v) || 0)} />
          <Select label={t('modality')} data={(['ONSITE', 'REMOTE', 'BLENDED'] as const).map((m) => ({ value: m, label: tk('mod_' + m) }))} value={modality} allowDeselect={false} onChange={(v) => v && setModality(v as Modality)} />
          <TextInput label={t('language1')} value={language} onChange={(e) => setLanguage(e.currentTarget.value)} />
          <NumberInput label={t('eqfLevel')} min={1} max={8} value={eqf} onChange={(v) => setEqf(v === '' ? '' : Number(v))} />
        </SimpleGrid>
        <Group>
          <Button type="submit">{cred ? t('save') : t('create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function BlockForm({ org, creds, block, onDone }: { org: string; creds: Cred[]; block: Blk | null; onDone: () => void }) {
  const { t, tk } = useT();
  const [title, setTitle] = useState(block?.title ?? '');
  const [kind, setKind] = useState<RuleKind>(block?.rule.kind ?? 'ALL');
  const [count, setCount] = useState<number>(block?.rule.count ?? 1);
  const [min, setMin] = useState<number>(block?.rule.min ?? 0);
  const [components, setComponents] = useState<string[]>(block?.components.edges.map((e) => ('key' in e.node ? e.node.key : '')).filter(Boolean) ?? []);
  const [certification, setCertification] = useState(block?.certification ?? false);
  const [error, run] = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const rule = { kind, count: kind === 'AT_LEAST' ? count : null, min: kind === 'MIN_ECTS' || kind === 'MIN_HOURS' ? min : null };
    const ok = await run(() =>
      block
        ? gql(UpdateBlockDoc, { input: { id: block.key, title, rule, components, certification } })
        : gql(CreateBlockDoc, { input: { title, rule, components, certification, organizationId: org } }),
    );
    if (ok) onDone();
  };
  const options = creds.map((c) => ({ value: c.key, label: c.title }));
  for (const k of components) if (!options.some((o) => o.value === k)) options.push({ value: k, label: k });
  return (
    <form onSubmit={submit}>
      <Stack>
        {error && <Alert color="red">{error}</Alert>}
        <TextInput label={t('title')} required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Group grow align="end">
          <Select label={t('rule')} data={(['ALL', 'AT_LEAST', 'MIN_ECTS', 'MIN_HOURS'] as const).map((k) => ({ value: k, label: tk('rule_' + k) }))} value={kind} allowDeselect={false} onChange={(v) => v && setKind(v as RuleKind)} />
          {kind === 'AT_LEAST' && <NumberInput label={t('ruleCount')} min={1} value={count} onChange={(v) => setCount(Number(v) || 1)} />}
          {(kind === 'MIN_ECTS' || kind === 'MIN_HOURS') && <NumberInput label={t('ruleMin')} min={0} value={min} onChange={(v) => setMin(Number(v) || 0)} />}
        </Group>
        <MultiSelect label={t('components')} data={options} value={components} onChange={setComponents} searchable />
        <Checkbox label={t('certification')} checked={certification} onChange={(e) => setCertification(e.currentTarget.checked)} />
        <Group>
          <Button type="submit">{block ? t('save') : t('create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function AwardBadge({ creds, blocks, onIssued }: { creds: Cred[]; blocks: Blk[]; onIssued: (id: string) => void }) {
  const { t } = useT();
  const [learner, setLearner] = useState('');
  const [subject, setSubject] = useState<string | null>(null);
  const [result, setResult] = useState('');
  const [evidence, setEvidence] = useState('');
  const [error, run] = useAction();
  const [last, setLast] = useState('');
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!subject) return;
    const [kind, key] = subject.split(':');
    await run(async () => {
      const r = await gql(IssueBadgeDoc, {
        input: {
          learnerId: learner.trim(),
          credentialId: kind === 'c' ? key : null,
          blockId: kind === 'b' ? key : null,
          result: result.trim() || null,
          evidence: evidence.split('\n').map((s) => s.trim()).filter(Boolean),
        },
      });
      onIssued(r.issueBadge.id);
      setLast(r.issueBadge.key);
      setResult('');
      setEvidence('');
    });
  };
  return (
    <Section id="award-title" title={t('awardBadge')}>
      <form onSubmit={submit}>
        <Stack gap="xs">
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label={t('learnerId')} required value={learner} onChange={(e) => setLearner(e.currentTarget.value)} />
          <Select
            label={t('credential')}
            required
            searchable
            data={[
              { group: t('credentials'), items: creds.map((c) => ({ value: 'c:' + c.key, label: c.title })) },
              { group: t('blocks'), items: blocks.map((b) => ({ value: 'b:' + b.key, label: b.title })) },
            ]}
            value={subject}
            onChange={setSubject}
          />
          <TextInput label={t('result')} value={result} onChange={(e) => setResult(e.currentTarget.value)} />
          <Textarea label={t('evidence')} value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)} autosize minRows={2} />
          <Group>
            <Button type="submit">{t('award')}</Button>
          </Group>
        </Stack>
      </form>
      {last && (
        <Text size="sm" mt="xs" role="status">
          {t('awarded')}: <span data-testid="awarded-key">{last}</span>
        </Text>
      )}
    </Section>
  );
}

function ManageBadge({ picked, onChanged }: { picked: string; onChanged: () => void }) {
  const { t, date } = useT();
  const [key, setKey] = useState('');
  const [reason, setReason] = useState('');
  const [found, setFound] = useState<NonNullable<AchievementQuery['achievement']> | null>(null);
  const [error, run] = useAction();
  const load = (k: string) => {
    setFound(null);
    run(async () => {
      const r = await gql(AchievementDoc, { key: k });
      if (!r.achievement) throw new Error('NOT_FOUND');
      setFound(r.achievement);
    });
  };
  const find = (e: React.FormEvent) => {
    e.preventDefault();
    load(key.trim());
  };
  // A badge picked in the list of issued badges opens here.
  useEffect(() => {
    if (!picked) return;
    setKey(picked);
    load(picked);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picked]);
  const act = (what: 'revoke' | 'suspend' | 'reinstate') =>
    found &&
    run(async () => {
      const r =
        what === 'revoke'
          ? (await gql(RevokeDoc, { id: found.key, reason })).revokeAchievement
          : what === 'suspend'
            ? (await gql(SuspendDoc, { id: found.key, reason })).suspendAchievement
            : (await gql(ReinstateDoc, { id: found.key })).reinstateAchievement;
      setFound({ ...found, ...r });
      onChanged();
    });
  return (
    <Section id="manage-title" title={t('manageBadge')}>
      <form onSubmit={find}>
        <Group align="end" gap="xs">
          <TextInput label={t('badgeKey')} required value={key} onChange={(e) => setKey(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button type="submit" variant="default">
            {t('find')}
          </Button>
        </Group>
      </form>
      {error && <Alert color="red" mt="xs">{error}</Alert>}
      {found && (
        <Stack gap="xs" mt="sm" data-testid="found-badge">
          <Group gap={6}>
            <Image src={badgeImage(found.imageUrl)} alt="" w={40} h={40} fit="contain" />
            <Text fw={600}>{'title' in found.subject ? found.subject.title : found.key}</Text>
            <StatusBadge status={found.status} />
          </Group>
          <Text size="sm">
            {t('issuedAt')} {date(found.issuedAt)}
            {found.statusReason ? ` · ${t('reason')}: ${found.statusReason}` : ''}
          </Text>
          <TextInput label={t('reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group gap="xs">
            <Button color="red.9" disabled={!reason.trim() || found.status === 'REVOKED'} onClick={() => act('revoke')}>
              {t('revoke')}
            </Button>
            <Button color="orange.9" disabled={!reason.trim() || found.status !== 'VALID'} onClick={() => act('suspend')}>
              {t('suspend')}
            </Button>
            <Button variant="default" disabled={found.status !== 'SUSPENDED'} onClick={() => act('reinstate')}>
              {t('reinstate')}
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}

/**
 * The badges our organisation issued (Query.achievements, which the server scopes to the
 * issuer's organisation), newest first, each with its current status.
 */
function IssuedBadges({ tick, onManage }: { tick: number; onManage: (key: string) => void }) {
  const { t, date } = useT();
  const q = useQuery(IssuedBadgesDoc, {});
  const { reload } = q;
  useEffect(() => {
    if (tick) reload();
  }, [tick, reload]);
  const rows = (q.data?.achievements.edges ?? []).map((e) => e.node);
  return (
    <Section id="issued-title" title={<>{t('issuedByUs')} ({q.data?.achievements.totalCount ?? 0})</>}>
      <Text size="xs" mb="xs">{t('issuedByUsNote')}</Text>
      <QueryStatus q={q} />
      {q.data && rows.length === 0 && <Text size="sm">{t('noneYet')}</Text>}
      <Scroll label={t('issuedByUs')} minWidth={560}>
        <Table data-testid="issued">
          <Head cols={[t('badges'), t('status'), t('issuedAt'), t('result'), t('edit')]} />
          <Table.Tbody>
            {rows.map((a) => {
              const title = a.subject.__typename === 'Credential' || a.subject.__typename === 'Block' ? a.subject.title : a.key;
              return (
                <Table.Tr key={a.key} data-testid="issued-badge" data-key={a.key}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Image src={badgeImage(a.imageUrl)} alt="" w={40} h={40} fit="contain" />
                      <div>
                        <Anchor href={a.viewUrl} target="_blank" rel="noopener" size="sm">
                          {title}
                        </Anchor>
                        <Text size="xs" data-testid="issued-key">{a.key}</Text>
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={a.status} />
                    {a.statusReason && <Text size="xs">{a.statusReason}</Text>}
                  </Table.Td>
                  <Table.Td>{date(a.issuedAt)}</Table.Td>
                  <Table.Td>{a.result}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="default" onClick={() => onManage(a.key)} aria-label={`${t('manage')}: ${title} (${a.key})`}>
                      {t('manage')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Scroll>
    </Section>
  );
}
