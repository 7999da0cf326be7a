import { Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AwsError, AwsErrorCode } from '../protocol/aws-error.js';
import type { AwsAction, AwsActionGroup } from './aws-action.js';
import { ActivityActions } from './activities.actions.js';
import { StateMachineActions } from './state-machines.actions.js';
import { ExecutionActions } from './executions.actions.js';
import { HistoryActions } from './history.actions.js';
import { TestStateAction } from './test-state.action.js';

/** The groups of actions: one line per group file. AwsModule provides each of them. */
export const AWS_ACTION_GROUPS: readonly Type<AwsActionGroup>[] = [
  StateMachineActions,
  ActivityActions,
  ExecutionActions,
  HistoryActions,
  TestStateAction,
];

/** `X-Amz-Target: AWSStepFunctions.<Action>`. */
const TARGET = /^AWSStepFunctions\.([A-Za-z]+)$/;

/** The table of actions by name, assembled from {@link AWS_ACTION_GROUPS}. */
@Injectable()
export class AwsActionRegistry implements OnModuleInit {
  private readonly actions = new Map<string, AwsAction>();

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const group of AWS_ACTION_GROUPS) {
      for (const action of this.moduleRef.get(group).actions) {
        if (this.actions.has(action.name)) throw new Error(`The AWS action ${action.name} is defined twice`);
        this.actions.set(action.name, action);
      }
    }
  }

  /** The action an `X-Amz-Target` header names; anything else is AWS's `UnknownOperationException`. */
  forTarget(target: string | string[] | undefined): AwsAction {
    const name = typeof target === 'string' ? TARGET.exec(target)?.[1] : undefined;
    const action = name === undefined ? undefined : this.actions.get(name);
    if (action) return action;
    throw new AwsError(
      AwsErrorCode.UnknownOperationException,
      typeof target === 'string' && target !== ''
        ? `Unknown operation ${target.slice(0, 100)}`
        : 'X-Amz-Target must name the operation: AWSStepFunctions.<Action>',
    );
  }
}
