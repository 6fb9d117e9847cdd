import { Alert, Badge, Card, Group, Loader, Table, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useT } from './i18n';
import type { QueryState } from './useQuery';

/** Loading and error states of a query, or nothing once its data is there. */
export function QueryStatus({ q }: { q: QueryState<unknown> }) {
  const { t } = useT();
  if (q.error) {
    return (
      <Alert color="red" title={t('error')} data-testid="error">
        {q.error.message}
      </Alert>
    );
  }
  if (q.loading && !q.data) return <Loader size="sm" aria-label={t('loading')} />;
  return null;
}

// Dark enough for white text at badge size (4.5:1 and more).
const statusColour: Record<string, string> = { VALID: '#1e6631', REVOKED: '#a51d1d', SUSPENDED: '#9c3606', EXPIRED: '#343a40' };

export function StatusBadge({ status }: { status: string }) {
  const { tk } = useT();
  return (
    <Badge color={statusColour[status] ?? 'gray.8'} tt="none" data-testid="status">
      {tk('st_' + status)}
    </Badge>
  );
}

export function linkTo(navigate: (to: string) => void, to: string) {
  return {
    href: to,
    onClick: (e: React.MouseEvent) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      navigate(to);
    },
  };
}

/** A table that scrolls sideways on narrow screens, and can be scrolled from the keyboard. */
export function Scroll({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}

/** A titled card, a landmark named by its title. */
export function Section({ id, title, actions, className, children }: { id: string; title: ReactNode; actions?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={id} className={className}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

/** A table's header row. */
export function Head({ cols }: { cols: ReactNode[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {cols.map((c, i) => (
          <Table.Th key={i}>{c}</Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

/**
 * An action's error message and a runner: run(f) clears the message, awaits f, and shows the
 * API's message when it fails. It resolves to whether f succeeded.
 */
export function useAction(): [string, (f: () => Promise<unknown>) => Promise<boolean>] {
  const [error, setError] = useState('');
  const run = async (f: () => Promise<unknown>) => {
    setError('');
    try {
      await f();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  };
  return [error, run];
}

/**
 * A badge's image, from the server the app is served by: the API answers absolute URLs under
 * its public base URL, which need not be the origin the app was opened at (the page's CSP
 * allows images from itself only).
 */
export function badgeImage(url: string): string {
  try {
    return new URL(url, window.location.href).pathname;
  } catch {
    return '';
  }
}
