import { useEffect, useState } from 'react';
import { onConnectionState, type ConnectionState } from '../graphql/client';

/** Says so while live updates are cut off; subscriptions resume on their own once it reconnects. */
export function ConnectionBanner() {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => onConnectionState(setState), []);
  if (state !== 'lost') return null;
  return (
    <div className="connection-banner" role="status">
      Live updates lost: reconnecting… What you see may be behind until then.
    </div>
  );
}
