import type { ReactNode } from 'react';
import { Link } from '../../app/router';
import type { SessionUser } from '../../session/session';

const SECTIONS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/api-keys', label: 'API keys' },
  { href: '/admin/audit', label: 'Audit log' },
] as const;

/**
 * An admin page: its content for an admin; for any other role, a sentence saying why there is
 * nothing (the server refuses these operations to them anyway: src/authorization).
 */
export function AdminOnly({
  user,
  here,
  title,
  children,
}: {
  user: SessionUser;
  here: string;
  title: string;
  children: ReactNode;
}) {
  if (user.role !== 'admin') {
    return (
      <>
        <h1>{title}</h1>
        <p role="alert" className="error-notice">
          Not allowed: this page is for admins, and you are signed in as {user.role}.{' '}
          <Link href="/executions">See the executions</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <nav className="sub-nav" aria-label="Admin">
        {SECTIONS.map((section) => (
          <Link
            key={section.href}
            href={section.href}
            aria-current={section.href === here ? 'page' : undefined}
          >
            {section.label}
          </Link>
        ))}
      </nav>
      <h1>{title}</h1>
      {children}
    </>
  );
}
