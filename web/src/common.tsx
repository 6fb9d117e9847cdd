import { Alert, Badge, Loader } from '@mantine/core';
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

const statusColour: Record<string, string> = { VALID: 'green.9', REVOKED: 'red.9', SUSPENDED: 'orange.9', EXPIRED: 'gray.8' };

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
