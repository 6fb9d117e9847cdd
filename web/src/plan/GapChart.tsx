// The gap to a role as a bar chart: one row per requirement, essential first and heaviest
// first; a bar for the level held, a tick for the level required.
import type { SkillGapQuery } from '../gql/graphql';
import { useT } from '../i18n';

type Req = SkillGapQuery['skillGap']['requirements'][number];

export function GapChart({ requirements }: { requirements: Req[] }) {
  const { t } = useT();
  const rows = [...requirements].sort(
    (a, b) =>
      (a.importance === b.importance ? 0 : a.importance === 'ESSENTIAL' ? -1 : 1) || b.weight - a.weight || a.competency.name.localeCompare(b.competency.name),
  );
  const rowH = 26;
  const labelW = 260;
  const barW = 300;
  const top = 28;
  const h = top + rows.length * rowH + 8;
  const x = (level: number) => labelW + (level / 5) * barW;
  return (
    <svg
      className="chart"
      role="img"
      aria-labelledby="gap-chart-title"
      viewBox={`0 0 ${labelW + barW + 110} ${h}`}
      width="100%"
      style={{ maxWidth: labelW + barW + 110 }}
    >
      <title id="gap-chart-title">{t('gapChartTitle')}</title>
      {[0, 1, 2, 3, 4, 5].map((l) => (
        <g key={l}>
          <line x1={x(l)} x2={x(l)} y1={top - 6} y2={h - 8} stroke="#dee2e6" />
          <text x={x(l)} y={top - 10} fontSize="11" textAnchor="middle" fill="#343a40">
            {l}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y = top + i * rowH;
        const essential = r.importance === 'ESSENTIAL';
        return (
          <g key={r.competency.key} data-testid="gap-row">
            <text x={labelW - 8} y={y + 16} fontSize="12" textAnchor="end" fill="#212529" fontWeight={essential ? 600 : 400}>
              {r.competency.name.length > 38 ? r.competency.name.slice(0, 37) + '…' : r.competency.name}
            </text>
            <rect x={labelW} y={y + 5} width={(r.heldLevel / 5) * barW} height={rowH - 10} fill={r.met ? '#2b8a3e' : '#e67700'} rx="2" />
            <line x1={x(r.requiredLevel)} x2={x(r.requiredLevel)} y1={y + 1} y2={y + rowH - 1} stroke="#212529" strokeWidth="3" />
            <text x={labelW + barW + 8} y={y + 16} fontSize="11" fill="#343a40">
              {r.heldLevel}/{r.requiredLevel} {essential ? t('essential') : t('optional')}
            </text>
            <title>
              {`${r.competency.name}: ${t('held')} ${r.heldLevel}, ${t('required')} ${r.requiredLevel} (${essential ? t('essential') : t('optional')}, ${r.met ? t('met') : t('notMet')})`}
            </title>
          </g>
        );
      })}
    </svg>
  );
}
