import { useEffect, useState } from 'react';
import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { claimsOf, demoIdentities, type DemoIdentity } from './api';
import { useT } from './i18n';

export function SignIn({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const { t } = useT();
  const [token, setToken] = useState('');
  const [bad, setBad] = useState(false);
  const [demo, setDemo] = useState<DemoIdentity[]>([]);
  useEffect(() => {
    demoIdentities().then(setDemo);
  }, []);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!claimsOf(token.trim())) {
      setBad(true);
      return;
    }
    onSignedIn(token.trim());
  };
  return (
    <Stack maw={640} mx="auto">
      <Title order={2}>{t('signInTitle')}</Title>
      {demo.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h4">
            {t('demoTitle')}
          </Title>
          <Text size="sm" mb="sm">
            {t('demoHelp')}
          </Text>
          <Group gap="xs">
            {demo.map((d) => (
              <Button key={d.role + d.name} variant="light" onClick={() => onSignedIn(d.token)} data-role={d.role}>
                {d.name}
              </Button>
            ))}
          </Group>
        </Card>
      )}
      <Card withBorder component="form" onSubmit={submit}>
        <Stack>
          <Textarea
            label={t('tokenLabel')}
            description={t('tokenHelp')}
            value={token}
            onChange={(e) => { setToken(e.currentTarget.value); setBad(false); }}
            autosize
            minRows={3}
            error={bad ? t('badToken') : undefined}
          />
          <Group>
            <Button type="submit">{t('signIn')}</Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
