// Runs a typed operation when its variables change, dropping answers that arrive late.
import { useCallback, useEffect, useState } from 'react';
import { gql } from './api';
import type { TypedDocumentString } from './gql/graphql';

export type QueryState<R> = { data?: R; error?: Error; loading: boolean; reload: () => void };

export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables: V | null): QueryState<R> {
  const [state, setState] = useState<{ data?: R; error?: Error; loading: boolean }>({ loading: variables !== null });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (variables === null) {
      setState({ loading: false });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    gql(doc, variables, ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, loading: false }),
      (error: Error) => !ctl.signal.aborted && setState({ error, loading: false }),
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
