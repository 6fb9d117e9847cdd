// The app's shell: a header with the seats, the language switcher and the session, and the
// screen for the current path.
import { useContext, useEffect, useState } from 'react';
import { Anchor, Alert, Box, Button, Container, Group, SegmentedControl, Text, Title } from '@mantine/core';
import { claimsOf, getToken, setToken } from './api';
import { LangContext, initialBrowserLang, initialLang, useT, type Lang } from './i18n';
import { navigate, setParams, useLocation } from './router';
import { SignIn } from './SignIn';
import { AdvisorHome, AdvisorLearner } from './advisor/Advisor';
import { LearnerSeat } from './learner/LearnerSeat';
import { EmployerSeat } from './employer/EmployerSeat';
import { IssuerSeat } from './issuer/IssuerSeat';

const seats = ['advisor', 'learner', 'employer', 'issuer'] as const;
type Seat = (typeof seats)[number];

export function seatOf(role?: string): Seat | null {
  return (seats as readonly string[]).includes(role ?? '') ? (role as Seat) : null;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = (l: Lang) => {
    localStorage.setItem('skillgraph.lang', l);
    setLangState(l);
    // A shared link opens in the language it was shared in.
    if (new URLSearchParams(window.location.search).has('hl') || l !== initialBrowserLang()) setParams({ hl: l });
  };
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <Shell />
    </LangContext.Provider>
  );
}

function Shell() {
  const { t, lang } = useT();
  const { setLang } = useContext(LangContext);
  const { path } = useLocation();
  const [token, setTok] = useState(getToken());
  const claims = token ? claimsOf(token) : null;
  const signOut = () => {
    setToken('');
    setTok('');
    navigate('/');
  };
  const signedIn = (tok: string) => {
    setToken(tok);
    setTok(tok);
    const c = claimsOf(tok);
    navigate('/' + (seatOf(c?.role) ?? 'advisor'));
  };
  const current = seats.find((s) => path === '/' + s || path.startsWith('/' + s + '/'));
  let screen;
  if (!token || !claims) {
    screen = <SignIn onSignedIn={signedIn} />;
  } else if (path.startsWith('/advisor/learners/')) {
    screen = <AdvisorLearner learnerKey={decodeURIComponent(path.slice('/advisor/learners/'.length))} />;
  } else if (current === 'advisor') {
    screen = <AdvisorHome />;
  } else if (current === 'learner') {
    screen = <LearnerSeat claims={claims} />;
  } else if (current === 'employer') {
    screen = <EmployerSeat claims={claims} />;
  } else if (current === 'issuer') {
    screen = <IssuerSeat claims={claims} />;
  } else {
    screen = <Alert>{t('pickSeat')}</Alert>;
  }
  // A signed-in person at / (or a path of no seat) goes to their role's seat.
  const home = token && claims && !current && !path.startsWith('/advisor/') ? seatOf(claims.role) : null;
  useEffect(() => {
    if (home) navigate('/' + home, true);
  }, [home]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <Box component="header" px="md" py="xs" style={{ borderBottom: '1px solid #dee2e6' }}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="md" wrap="wrap">
            <Anchor href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }} underline="never">
              <Title order={1} size="h3" c="indigo.9">
                {t('appName')}
              </Title>
            </Anchor>
            {token && claims && (
              <Group component="nav" aria-label={t('seats')} gap={4} wrap="wrap">
                {(claims.role === 'admin' ? seats : seats.filter((s) => s === claims.role)).map((s) => (
                  <Button
                    key={s}
                    component="a"
                    href={'/' + s}
                    size="compact-sm"
                    variant={current === s ? 'filled' : 'subtle'}
                    aria-current={current === s ? 'page' : undefined}
                    onClick={(e: React.MouseEvent) => { e.preventDefault(); navigate('/' + s); }}
                  >
                    {t(s)}
                  </Button>
                ))}
              </Group>
            )}
          </Group>
          <Group gap="xs" wrap="wrap">
            <SegmentedControl
              size="xs"
              aria-label={t('language')}
              value={lang}
              onChange={(v) => setLang(v as Lang)}
              data={[
                { value: 'fr', label: 'FR' },
                { value: 'en', label: 'EN' },
              ]}
            />
            {token && claims && (
              <>
                <Text size="sm" data-testid="whoami">
                  {t('signedInAs')} {claims.role ? t((seatOf(claims.role) ?? 'admin')) : ''} · {claims.learner ?? claims.org ?? claims.sub}
                </Text>
                <Button size="compact-sm" variant="default" onClick={signOut}>
                  {t('signOut')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </Box>
      <Container size="xl" py="md" component="main" id="main">
        {screen}
      </Container>
      <Container size="xl" pb="md" component="footer">
        <Text size="xs">{t('attribution')}</Text>
      </Container>
    </>
  );
}
