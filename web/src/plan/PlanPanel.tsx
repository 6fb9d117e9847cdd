// A learner's plan toward a role: the gap chart, the what-if controls (kept in the URL, so the
// plan is a link) recomputing the pathways live, and k alternatives side by side.
import { useMemo, useState } from 'react';
import {
  Alert, Button, Card, Checkbox, Group, Loader, NumberInput, SegmentedControl, Select, SimpleGrid, Slider, Stack, Tabs, Text, TextInput, Title,
} from '@mantine/core';
import { PathwaysDoc, RolesDoc, SkillGapDoc } from '../ops';
import type { LearnerQuery, Modality, PathwayObjective, PathwayOptions } from '../gql/graphql';
import { useQuery } from '../useQuery';
import { setParams, useLocation } from '../router';
import { useT } from '../i18n';
import { GapChart } from './GapChart';
import { PathwayGraph, StepList, Timeline } from './PathwayViews';

type Learner = NonNullable<LearnerQuery['learner']>;
const modalities: Modality[] = ['ONSITE', 'REMOTE', 'BLENDED'];
const objectives: PathwayObjective[] = ['HOURS', 'COST', 'COUNT', 'CALENDAR'];

/** The pathway options the URL describes; what it leaves out, the engine takes from the learner. */
export function optionsFromParams(p: URLSearchParams): PathwayOptions {
  const o: PathwayOptions = { k: Number(p.get('k') ?? 2) || 2 };
  const obj = p.get('obj');
  if (obj && (objectives as string[]).includes(obj)) o.objective = obj as PathwayObjective;
  const num = (k: string) => {
    const v = p.get(k);
    return v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  if (num('budget') !== undefined) o.maxBudget = num('budget');
  if (num('hpw') !== undefined && num('hpw')! > 0) o.hoursPerWeek = num('hpw');
  if (num('opt') !== undefined) o.optionalCoverage = num('opt');
  const deadline = p.get('deadline');
  if (deadline && /^\d{4}-\d{2}-\d{2}$/.test(deadline)) o.deadline = deadline + 'T23:59:59Z';
  const asOf = p.get('asof');
  if (asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf)) o.asOf = asOf + 'T00:00:00Z';
  const mod = p.get('mod');
  if (mod) o.modalities = mod.split(',').filter((m): m is Modality => (modalities as string[]).includes(m));
  const pl = p.get('pl');
  if (pl) o.languages = pl.split(',').filter((l) => /^[a-z]{2}$/.test(l));
  return o;
}

export function PlanPanel({ learner }: { learner: Learner }) {
  const { t, num, pct, money, date, apiLang } = useT();
  const { params } = useLocation();
  const roles = useQuery(RolesDoc, { lang: apiLang });
  const roleKey = params.get('role') ?? learner.targets.edges[0]?.node.key ?? '';
  const options = useMemo(() => optionsFromParams(params), [params.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const gap = useQuery(SkillGapDoc, roleKey ? { learner: learner.key, role: roleKey, lang: apiLang } : null);
  const plans = useQuery(PathwaysDoc, roleKey ? { learner: learner.key, role: roleKey, options, lang: apiLang } : null);
  const [copied, setCopied] = useState(false);
  const roleTitle = roles.data?.jobRoles.edges.find((e) => e.node.key === roleKey)?.node.title ?? roleKey;
  const c = learner.constraints;
  const rec = plans.data?.recommendPathways;
  const share = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
    } catch {
      /* the link is in the address bar either way */
    }
    setCopied(true);
  };
  return (
    <Stack>
      <Group justify="space-between" align="end" wrap="wrap" className="no-print">
        <Select
          label={t('targetRole')}
          searchable
          w={420}
          maw="100%"
          data={(roles.data?.jobRoles.edges ?? []).map((e) => ({ value: e.node.key, label: e.node.title }))}
          value={roleKey || null}
          onChange={(v) => v && setParams({ role: v })}
          comboboxProps={{ withinPortal: true }}
        />
        <Group gap="xs">
          <Button variant="default" onClick={() => window.print()}>
            {t('print')}
          </Button>
          <Button variant="default" onClick={share} data-testid="share">
            {copied ? t('copied') : t('share')}
          </Button>
        </Group>
      </Group>
      <Text className="print-only" size="sm">
        {learner.name} · {roleTitle} · {t('generatedOn')} {date(new Date().toISOString())}
      </Text>

      <Card withBorder className="plan-section">
        <Title order={3} size="h4" mb="xs">
          {t('gap')}
        </Title>
        {gap.loading && !gap.data && <Loader size="sm" aria-label={t('loading')} />}
        {gap.error && <Alert color="red" title={t('error')}>{gap.error.message}</Alert>}
        {gap.data && (
          <>
            <Group gap="lg" mb="xs">
              <Text size="sm">
                {t('essentialCoverage')}: <b>{pct(gap.data.skillGap.essentialCoverage)}</b>
              </Text>
              <Text size="sm">
                {t('weightedCoverage')}: <b>{pct(gap.data.skillGap.weightedCoverage)}</b>
              </Text>
              <Text size="sm" data-testid="met-count">
                {gap.data.skillGap.metCount}/{gap.data.skillGap.totalCount} {t('requirementsMet')}
              </Text>
            </Group>
            <GapChart requirements={gap.data.skillGap.requirements} />
          </>
        )}
      </Card>

      <Card withBorder className="whatif" component="section" aria-labelledby="whatif-title">
        <Title order={3} size="h4" mb="xs" id="whatif-title">
          {t('whatIf')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <div>
            <Text size="sm" fw={500} id="obj-label">{t('objective')}</Text>
            <SegmentedControl
              aria-labelledby="obj-label"
              fullWidth
              size="xs"
              data={objectives.map((o) => ({ value: o, label: t(('obj_' + o) as 'obj_HOURS') }))}
              value={options.objective ?? 'HOURS'}
              onChange={(v) => setParams({ obj: v === 'HOURS' ? undefined : v })}
            />
          </div>
          <NumberInput
            label={t('budget')}
            min={0}
            step={100}
            placeholder={c.maxBudget != null ? num(c.maxBudget) : '—'}
            value={params.get('budget') ?? ''}
            onChange={(v) => setParams({ budget: v === '' ? undefined : String(v) })}
            data-testid="budget"
          />
          <NumberInput
            label={t('hoursPerWeek')}
            min={1}
            max={80}
            placeholder={c.hoursPerWeek != null ? num(c.hoursPerWeek) : '—'}
            value={params.get('hpw') ?? ''}
            onChange={(v) => setParams({ hpw: v === '' ? undefined : String(v) })}
          />
          <TextInput
            type="date"
            label={t('deadline')}
            value={params.get('deadline') ?? ''}
            placeholder={c.deadline ?? ''}
            onChange={(e) => setParams({ deadline: e.currentTarget.value || undefined })}
          />
          <Checkbox.Group
            label={t('modalities')}
            value={options.modalities ?? c.modalities}
            onChange={(v) => setParams({ mod: v.length ? v.join(',') : undefined })}
          >
            <Group gap="xs" mt={4}>
              {modalities.map((m) => (
                <Checkbox key={m} value={m} label={t(('mod_' + m) as 'mod_REMOTE')} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox.Group
            label={t('languages')}
            value={options.languages ?? c.languages}
            onChange={(v) => setParams({ pl: v.length ? v.join(',') : undefined })}
          >
            <Group gap="xs" mt={4}>
              <Checkbox value="fr" label="français" />
              <Checkbox value="en" label="English" />
            </Group>
          </Checkbox.Group>
          <div>
            <Text size="sm" fw={500} id="opt-label">
              {t('optionalCoverage')}: {pct(options.optionalCoverage ?? 0)}
            </Text>
            <Slider
              aria-labelledby="opt-label"
              min={0}
              max={1}
              step={0.25}
              value={options.optionalCoverage ?? 0}
              onChange={(v) => setParams({ opt: v ? String(v) : undefined })}
              label={(v) => pct(v)}
              thumbLabel={t('optionalCoverage')}
              mt="xs"
            />
          </div>
          <Group grow align="end">
            <NumberInput label={t('alternatives')} min={1} max={3} value={options.k ?? 2} onChange={(v) => setParams({ k: String(v || 1) })} />
            <TextInput type="date" label={t('asOf')} value={params.get('asof') ?? ''} onChange={(e) => setParams({ asof: e.currentTarget.value || undefined })} />
          </Group>
        </SimpleGrid>
        <Button
          mt="sm"
          variant="subtle"
          size="compact-sm"
          onClick={() => setParams({ obj: undefined, budget: undefined, hpw: undefined, deadline: undefined, mod: undefined, pl: undefined, opt: undefined, k: undefined, asof: undefined })}
        >
          {t('reset')}
        </Button>
      </Card>

      <section aria-labelledby="pathway-title" aria-busy={plans.loading}>
        <Group gap="sm" mb="xs">
          <Title order={3} size="h4" id="pathway-title">
            {t('pathway')}
          </Title>
          {plans.loading && <Loader size="xs" aria-label={t('loading')} />}
          {rec && (
            <Text size="sm" data-testid="optimality">
              {rec.provenOptimal ? t('provenOptimal') : t('notProven')} · {num(rec.elapsedMs, 1)} ms
            </Text>
          )}
        </Group>
        {plans.error && <Alert color="red" title={t('error')}>{plans.error.message}</Alert>}
        {rec && rec.pathways.length === 0 && <Alert data-testid="no-pathway">{t('noPathway')}</Alert>}
        {rec && rec.uncoveredGaps.length > 0 && (
          <Alert color="orange" title={t('uncovered')} mb="sm" data-testid="uncovered">
            <ul style={{ margin: 0, paddingLeft: '1.2rem' }}>
              {rec.uncoveredGaps.map((g) => (
                <li key={g.competency.key}>
                  {g.competency.name} ({t('level')} {g.level}, {g.essential ? t('essential') : t('optional')}) — <span data-code={g.code}>{g.reason}</span>
                </li>
              ))}
            </ul>
          </Alert>
        )}
        {rec && rec.pathways.length > 0 && (
          <SimpleGrid cols={{ base: 1, lg: Math.min(rec.pathways.length, 2) }} data-testid="alternatives">
            {rec.pathways.map((p, i) => (
              <Card withBorder key={i} className="plan-section" data-testid="pathway">
                <Title order={4} size="h5">
                  {t('option')} {i + 1}
                </Title>
                <Group gap="md" my="xs">
                  <Text size="sm">{t('totalHours')}: <b data-testid="total-hours">{num(p.totalHours)} {t('hours')}</b></Text>
                  <Text size="sm">{t('totalCost')}: <b>{money(p.totalCost)}</b></Text>
                  <Text size="sm">{t('steps')}: <b>{p.credentialCount}</b></Text>
                  <Text size="sm">{t('calendar')}: <b>{num(p.calendarWeeks, 1)} {t('weeks')}</b></Text>
                </Group>
                {p.completesBlocks.length > 0 && (
                  <Text size="sm" mb="xs">
                    {t('completesBlocks')}: {p.completesBlocks.map((b) => b.title).join(', ')}
                  </Text>
                )}
                <Tabs defaultValue="timeline" keepMounted={false}>
                  <Tabs.List className="no-print">
                    <Tabs.Tab value="timeline">{t('timeline')}</Tabs.Tab>
                    <Tabs.Tab value="graph">{t('graphPicture')}</Tabs.Tab>
                  </Tabs.List>
                  <Tabs.Panel value="timeline" pt="xs">
                    <Timeline pathway={p} id={`tl-${i}`} />
                  </Tabs.Panel>
                  <Tabs.Panel value="graph" pt="xs">
                    <PathwayGraph pathway={p} roleTitle={roleTitle} id={`pg-${i}`} />
                  </Tabs.Panel>
                </Tabs>
                <StepList pathway={p} />
              </Card>
            ))}
          </SimpleGrid>
        )}
      </section>
    </Stack>
  );
}
