import { ApiError } from '../session/session';

/** An error in words, where it happened: the API's message and its code. */
export function ErrorNotice({ error, action }: { error: unknown; action?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="error-notice" role="alert">
      {action && <strong>{action}: </strong>}
      {message}
      {code && (
        <>
          {' '}
          <code className="error-code">{code}</code>
        </>
      )}
    </div>
  );
}
