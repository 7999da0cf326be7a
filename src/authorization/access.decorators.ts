import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permission.js';

/** Metadata key of {@link RequirePermission}. */
export const REQUIRED_PERMISSION = 'stepgraph:required-permission';

/** Metadata key of {@link Public}. */
export const PUBLIC_ROUTE = 'stepgraph:public-route';

/**
 * The permissions a REST route needs, all of them. The global access guard refuses every route that
 * declares neither this nor {@link Public}: a new route is closed until someone decides who may call it.
 */
export const RequirePermission = (permission: Permission, ...alsoNeeded: Permission[]) =>
  SetMetadata(REQUIRED_PERMISSION, [permission, ...alsoNeeded]);

/** A route anyone may call, signed in or not: login, refresh, logout, health. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
