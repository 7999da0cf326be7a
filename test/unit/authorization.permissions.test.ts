import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import {
  GRAPHQL_FIELD_ACCESS,
  GRAPHQL_NESTED_FIELD_ACCESS,
  PUBLIC,
  SIGNED_IN,
  type RootTypeName,
} from '../../src/authorization/graphql-field.permissions.js';
import { Permission } from '../../src/authorization/permission.js';
import { ROLE_PERMISSIONS } from '../../src/authorization/role.permissions.js';
import { Role } from '../../src/identity/role.js';

const schema = buildSchema(readFileSync(join(__dirname, '../../schema.gql'), 'utf8'));
const ROOTS: Record<RootTypeName, GraphQLObjectType | null | undefined> = {
  Query: schema.getQueryType(),
  Mutation: schema.getMutationType(),
  Subscription: schema.getSubscriptionType(),
};

describe('the GraphQL field permissions', () => {
  it.each(Object.keys(ROOTS) as RootTypeName[])('give every %s field of schema.gql a rule', (typeName) => {
    const fields = Object.keys(ROOTS[typeName]?.getFields() ?? {});
    const missing = fields.filter((field) => !(field in GRAPHQL_FIELD_ACCESS[typeName]));
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(ROOTS) as RootTypeName[])('name no %s field that schema.gql lacks', (typeName) => {
    const fields = new Set(Object.keys(ROOTS[typeName]?.getFields() ?? {}));
    const stale = Object.keys(GRAPHQL_FIELD_ACCESS[typeName]).filter((field) => !fields.has(field));
    expect(stale).toEqual([]);
  });

  it('name only fields below the root that schema.gql has', () => {
    const stale = Object.entries(GRAPHQL_NESTED_FIELD_ACCESS).flatMap(([typeName, fields]) => {
      const type = schema.getType(typeName) as GraphQLObjectType | undefined;
      const known = new Set(Object.keys(type?.getFields() ?? {}));
      return Object.keys(fields)
        .filter((field) => !known.has(field))
        .map((field) => `${typeName}.${field}`);
    });
    expect(stale).toEqual([]);
  });

  it('keep the executions of a state machine to those who may read executions', () => {
    expect(GRAPHQL_NESTED_FIELD_ACCESS.StateMachine?.executionCounts).toBe(Permission.ExecutionRead);
  });

  it('use only known permissions, and keep public the sign-in mutations and nothing that reads data', () => {
    const known = new Set<string>([...Object.values(Permission), PUBLIC, SIGNED_IN]);
    const all = Object.values(GRAPHQL_FIELD_ACCESS).flatMap((fields) => Object.entries(fields));
    expect(all.filter(([, access]) => !known.has(access))).toEqual([]);
    const open = all.filter(([, access]) => access === PUBLIC).map(([field]) => field);
    expect(open.sort()).toEqual(['apiVersion', 'login', 'logout', 'refreshToken']);
  });
});

describe('the role table (docs/design.md §6)', () => {
  const grants = (role: Role) => ROLE_PERMISSIONS[role];

  it('nests admin ⊃ editor ⊃ operator ⊃ viewer', () => {
    const chain = [Role.viewer, Role.operator, Role.editor, Role.admin];
    for (let i = 1; i < chain.length; i += 1) {
      const [smaller, larger] = [grants(chain[i - 1]!), grants(chain[i]!)];
      expect([...smaller].filter((permission) => !larger.has(permission))).toEqual([]);
      expect(larger.size).toBeGreaterThan(smaller.size);
    }
    expect(grants(Role.admin)).toEqual(new Set(Object.values(Permission)));
  });

  it('lets a viewer read and nothing else', () => {
    expect(grants(Role.viewer)).toEqual(
      new Set([
        Permission.StateMachineRead,
        Permission.ExecutionRead,
        Permission.ScheduleRead,
        Permission.WebhookRead,
      ]),
    );
  });

  it('lets editors write schedules, and whoever may start executions fire them', () => {
    expect(
      [Role.editor, Role.operator, Role.viewer].map((role) => grants(role).has(Permission.ScheduleWrite)),
    ).toEqual([true, false, false]);
    expect(GRAPHQL_FIELD_ACCESS.Mutation.triggerSchedule).toBe(Permission.ExecutionStart);
    expect(GRAPHQL_FIELD_ACCESS.Mutation.backfillSchedule).toBe(Permission.ExecutionStart);
    expect(GRAPHQL_NESTED_FIELD_ACCESS.ScheduleFire?.execution).toBe(Permission.ExecutionRead);
  });

  it('lets editors and admins change webhooks, which start executions and hold secrets', () => {
    for (const role of [Role.operator, Role.viewer, Role.worker])
      expect(grants(role).has(Permission.WebhookWrite)).toBe(false);
    expect(grants(Role.editor).has(Permission.WebhookWrite)).toBe(true);
  });

  it('lets a worker poll activities and answer tasks, nothing else', () => {
    expect(grants(Role.worker)).toEqual(new Set([Permission.ActivityPoll, Permission.TaskRespond]));
  });

  it('keeps users, API keys and the audit log to admins', () => {
    for (const role of [Role.editor, Role.operator, Role.viewer, Role.worker]) {
      for (const permission of [Permission.UserManage, Permission.ApiKeyManage, Permission.AuditRead]) {
        expect(grants(role).has(permission)).toBe(false);
      }
    }
  });
});
