// The learner's seat: my badges with their share links, downloads and visibility, then my
// targets and my pathway.
import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Image, Select, Stack, Text, Title } from '@mantine/core';
import { gql, type Claims } from '../api';
import { BadgeJwtDoc, LearnerDoc, SetVisibilityDoc } from '../ops';
import type { BadgeVisibility, LearnerQuery } from '../gql/graphql';
import { useQuery } from '../useQuery';
import { useT } from '../i18n';
import { QueryStatus, Section, StatusBadge, badgeImage, useAction } from '../common';
import { PlanPanel } from '../plan/PlanPanel';

type Achievement = NonNullable<LearnerQuery['learner']>['achievements']['edges'][number]['node'];

export function LearnerSeat({ claims }: { claims: Claims }) {
  const { t, apiLang } = useT();
  const key = claims.learner ?? (claims.role === 'learner' ? claims.sub : undefined);
  const q = useQuery(LearnerDoc, key ? { key, lang: apiLang } : null);
  if (!key) return <Alert>{t('notAllowed')}</Alert>;
  const l = q.data?.learner;
  return (
    <Stack>
      <QueryStatus q={q} />
      {l && (
        <>
          <div>
            <Title order={2}>{l.name}</Title>
            <Text>{l.headline}</Text>
            <Text size="sm" mt={4} data-testid="targets">
              {t('targets')}: {l.targets.edges.map((e) => e.node.title).join(', ') || '—'}
            </Text>
          </div>
          <Section id="mybadges" title={t('myBadges')} className="no-print">
            <Stack gap="sm" data-testid="my-badges">
              {l.achievements.edges.map(({ node }) => (
                <BadgeRow key={node.key} a={node} />
              ))}
            </Stack>
          </Section>
          <Title order={3} size="h4">
            {t('myPathway')}
          </Title>
          <PlanPanel learner={l} />
        </>
      )}
    </Stack>
  );
}

function subjectTitle(a: Achievement) {
  return a.subject.__typename === 'Credential' || a.subject.__typename === 'Block' ? a.subject.title : a.key;
}

function issuerName(a: Achievement) {
  if (a.subject.__typename === 'Credential') return a.subject.organization.name;
  if (a.subject.__typename === 'Block') return a.subject.blockOrg?.name ?? '';
  return '';
}

function download(name: string, type: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** The credential inside a VC-JWT: its payload, decoded (the signature stays in the JWT). */
function credentialOf(jwt: string): string {
  const b64 = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  return JSON.stringify(JSON.parse(json), null, 2) + '\n';
}

function BadgeRow({ a }: { a: Achievement }) {
  const { t, tk, date } = useT();
  const [visibility, setVisibility] = useState<BadgeVisibility>(a.visibility);
  const [error, run] = useAction();
  const [saved, setSaved] = useState(false);
  const change = (v: string | null) => {
    if (!v) return;
    setSaved(false);
    run(async () => {
      const r = await gql(SetVisibilityDoc, { id: a.key, visibility: v as BadgeVisibility });
      setVisibility(r.setAchievementVisibility.visibility);
      setSaved(true);
    });
  };
  const get = (kind: 'jwt' | 'json') =>
    run(async () => {
      const r = await gql(BadgeJwtDoc, { key: a.key });
      const jwt = r.achievement?.badgeJwt ?? '';
      if (kind === 'jwt') download(`${a.key}.jwt`, 'application/jwt', jwt);
      else download(`${a.key}.json`, 'application/json', credentialOf(jwt));
    });
  return (
    <Card withBorder padding="sm" data-testid="badge" data-key={a.key}>
      <Group justify="space-between" wrap="wrap" align="start">
        <Group gap="sm" align="start" wrap="nowrap">
          <Image src={badgeImage(a.imageUrl)} alt="" w={56} h={56} fit="contain" data-testid="badge-image" />
          <div>
            <Group gap={6}>
              <Text fw={600}>{subjectTitle(a)}</Text>
              <StatusBadge status={a.status} />
            </Group>
            <Text size="sm">
              {issuerName(a)} · {t('issuedAt')} {date(a.issuedAt)}
              {a.result ? ` · ${t('result')}: ${a.result}` : ''}
            </Text>
            <Group gap="sm" mt={4} wrap="wrap">
              <Anchor href={a.viewUrl} target="_blank" rel="noopener" size="sm">
                {t('publicPage')}
              </Anchor>
              <Anchor href={a.addToProfileUrl} target="_blank" rel="noopener" size="sm" data-testid="linkedin">
                {t('addToLinkedIn')}
              </Anchor>
              <Button size="compact-sm" variant="default" onClick={() => get('jwt')}>
                {t('downloadJwt')}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => get('json')}>
                {t('downloadJson')}
              </Button>
            </Group>
          </div>
        </Group>
        <Select
          label={t('visibility')}
          w={230}
          data={(['PUBLIC', 'UNLISTED', 'PRIVATE'] as const).map((v) => ({ value: v, label: tk('vis_' + v) }))}
          value={visibility}
          onChange={change}
          allowDeselect={false}
          data-testid="visibility"
        />
      </Group>
      {saved && <Text size="xs" role="status">{t('saved')}</Text>}
      {error && <Alert color="red" mt="xs">{error}</Alert>}
    </Card>
  );
}
