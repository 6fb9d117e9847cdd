// A pathway drawn two ways: a timeline of its steps by phase and week, and a graph picture
// from the credentials to the competencies they cover to the role, with prerequisites.
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { PathwaysQuery } from '../gql/graphql';
import { useT } from '../i18n';

export type Pathway = PathwaysQuery['recommendPathways']['pathways'][number];

const phaseColours = ['#364fc7', '#0b7285', '#5f3dc4', '#a61e4d', '#2b8a3e', '#862e9c'];

export function Timeline({ pathway, id }: { pathway: Pathway; id: string }) {
  const { t, num } = useT();
  const weeks = Math.max(1, Math.ceil(pathway.calendarWeeks));
  const labelW = 230;
  const w = 420;
  const rowH = 24;
  const top = 24;
  const h = top + pathway.steps.length * rowH + 6;
  const x = (wk: number) => labelW + (wk / weeks) * w;
  const ticks = Array.from({ length: Math.min(weeks, 12) + 1 }, (_, i) => Math.round((i * weeks) / Math.min(weeks, 12)));
  return (
    <svg className="chart" role="img" aria-labelledby={id} viewBox={`0 0 ${labelW + w + 20} ${h}`} width="100%" style={{ maxWidth: labelW + w + 20 }}>
      <title id={id}>{t('timeline')}</title>
      {ticks.map((wk) => (
        <g key={wk}>
          <line x1={x(wk)} x2={x(wk)} y1={top - 4} y2={h} stroke="#e9ecef" />
          <text x={x(wk)} y={top - 8} fontSize="10" textAnchor="middle" fill="#343a40">
            {wk}
          </text>
        </g>
      ))}
      {pathway.steps.map((s, i) => {
        const y = top + i * rowH;
        return (
          <g key={s.credential.key}>
            <text x={labelW - 6} y={y + 15} fontSize="11" textAnchor="end" fill="#212529">
              {s.phase}. {s.credential.title.length > 32 ? s.credential.title.slice(0, 31) + '…' : s.credential.title}
            </text>
            <rect
              x={x(s.startWeek)}
              y={y + 4}
              width={Math.max(3, x(s.endWeek) - x(s.startWeek))}
              height={rowH - 8}
              rx="3"
              fill={phaseColours[(s.phase - 1) % phaseColours.length]}
            />
            <title>{`${s.credential.title}: ${t('phase')} ${s.phase}, ${t('week')} ${num(s.startWeek, 1)} → ${num(s.endWeek, 1)}`}</title>
          </g>
        );
      })}
    </svg>
  );
}

export function PathwayGraph({ pathway, roleTitle, id }: { pathway: Pathway; roleTitle: string; id: string }) {
  const { t } = useT();
  const creds = pathway.steps;
  const comps: { key: string; name: string; essential: boolean }[] = [];
  for (const s of creds) for (const c of s.covers) if (!comps.some((x) => x.key === c.competency.key)) comps.push({ key: c.competency.key, name: c.competency.name, essential: c.essential });
  const rowH = 30;
  const colX = [10, 300, 590];
  const boxW = 240;
  const n = Math.max(creds.length, comps.length, 1);
  const h = 30 + n * rowH;
  const cy = (i: number, count: number) => 30 + ((n - count) * rowH) / 2 + i * rowH + rowH / 2;
  const credY = new Map(creds.map((s, i) => [s.credential.key, cy(i, creds.length)]));
  const compY = new Map(comps.map((c, i) => [c.key, cy(i, comps.length)]));
  const roleY = 30 + (n * rowH) / 2;
  const clip = (s: string, m = 34) => (s.length > m ? s.slice(0, m - 1) + '…' : s);
  return (
    <svg className="chart" role="img" aria-labelledby={id} viewBox={`0 0 ${colX[2] + boxW + 10} ${h + 10}`} width="100%" style={{ maxWidth: colX[2] + boxW + 10 }}>
      <title id={id}>{t('graphPicture')}</title>
      <defs>
        <marker id={id + '-arrow'} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#495057" />
        </marker>
      </defs>
      <text x={colX[0]} y={16} fontSize="12" fontWeight="600" fill="#212529">{t('credentials')}</text>
      <text x={colX[1]} y={16} fontSize="12" fontWeight="600" fill="#212529">{t('competency')}</text>
      <text x={colX[2]} y={16} fontSize="12" fontWeight="600" fill="#212529">{t('role')}</text>
      {creds.flatMap((s) =>
        s.covers.map((c) => (
          <line key={s.credential.key + c.competency.key} x1={colX[0] + boxW} y1={credY.get(s.credential.key)} x2={colX[1]} y2={compY.get(c.competency.key)} stroke="#adb5bd" markerEnd={`url(#${id}-arrow)`} />
        )),
      )}
      {comps.map((c) => (
        <line key={'r' + c.key} x1={colX[1] + boxW} y1={compY.get(c.key)} x2={colX[2]} y2={roleY} stroke={c.essential ? '#364fc7' : '#adb5bd'} markerEnd={`url(#${id}-arrow)`} />
      ))}
      {creds.flatMap((s) =>
        s.credential.prerequisites.edges
          .filter((e) => credY.has(e.node.key))
          .map((e) => {
            const y1 = credY.get(e.node.key)!;
            const y2 = credY.get(s.credential.key)!;
            return (
              <path key={'p' + s.credential.key + e.node.key} d={`M ${colX[0] + 4} ${y1} C ${colX[0] - 20} ${y1}, ${colX[0] - 20} ${y2}, ${colX[0] + 4} ${y2}`} fill="none" stroke="#a61e4d" strokeDasharray="4 3" markerEnd={`url(#${id}-arrow)`}>
                <title>{`${e.node.title} → ${s.credential.title} (${t('prerequisite')})`}</title>
              </path>
            );
          }),
      )}
      {creds.map((s) => (
        <g key={s.credential.key}>
          <rect x={colX[0] + 6} y={credY.get(s.credential.key)! - 11} width={boxW - 6} height={22} rx="4" fill={s.completesBlocks.length ? '#e5dbff' : '#edf2ff'} stroke="#364fc7" />
          <text x={colX[0] + 12} y={credY.get(s.credential.key)! + 4} fontSize="11" fill="#212529">
            {clip(`${s.phase}. ${s.credential.title}`)}
            {s.completesBlocks.length ? ' ★' : ''}
          </text>
          {s.completesBlocks.length > 0 && <title>{`${t('completesBlocks')}: ${s.completesBlocks.map((b) => b.title).join(', ')}`}</title>}
        </g>
      ))}
      {comps.map((c) => (
        <g key={c.key}>
          <rect x={colX[1]} y={compY.get(c.key)! - 11} width={boxW} height={22} rx="11" fill="#fff" stroke={c.essential ? '#364fc7' : '#868e96'} />
          <text x={colX[1] + 8} y={compY.get(c.key)! + 4} fontSize="11" fill="#212529">{clip(c.name)}</text>
        </g>
      ))}
      <rect x={colX[2]} y={roleY - 16} width={boxW} height={32} rx="4" fill="#364fc7" />
      <text x={colX[2] + 8} y={roleY + 4} fontSize="12" fill="#fff" fontWeight="600">{clip(roleTitle, 32)}</text>
    </svg>
  );
}

export function StepList({ pathway }: { pathway: Pathway }) {
  const { t, num, money } = useT();
  return (
    <Stack gap="xs" component="ol" style={{ paddingLeft: '1.2rem' }}>
      {pathway.steps.map((s) => (
        <li key={s.credential.key} className="plan-section" data-testid="step">
          <Text fw={600} size="sm">
            {s.credential.title}{' '}
            <Text span size="xs">
              ({t('phase')} {s.phase} · {t('week')} {num(s.startWeek, 1)}–{num(s.endWeek, 1)} · {num(s.hours)} {t('hours')} · {money(s.price)} · {t(('mod_' + s.credential.modality) as 'mod_REMOTE')} · {s.credential.organization.name})
            </Text>
          </Text>
          <Group gap={4} my={2}>
            {s.covers.map((c) => (
              <Badge key={c.competency.key} size="sm" variant={c.essential ? 'filled' : 'outline'} color={c.essential ? 'indigo.9' : 'gray.8'} tt="none">
                {c.competency.name} · {c.level}
              </Badge>
            ))}
            {s.completesBlocks.map((b) => (
              <Badge key={b.key} size="sm" color="grape.9" tt="none">
                ★ {b.title}
              </Badge>
            ))}
          </Group>
          <Text size="sm" data-testid="explanation">
            {t('explanation')}: {s.explanation}
          </Text>
        </li>
      ))}
    </Stack>
  );
}
