import { Injectable } from '@nestjs/common';
import { Permission } from '../../authorization/permission.js';
import { ErrorCode } from '../../common/app-error.js';
import { StateMachinesService } from '../../state-machines/state-machines.service.js';
import { AwsArns } from '../arns.js';
import { AwsErrorCode } from '../protocol/aws-error.js';
import { asAws } from '../protocol/aws-error.mapping.js';
import { epochSeconds, nextTokenOf, pageOf } from '../protocol/aws-input.js';
import type { AwsAction, AwsActionGroup, AwsInput } from './aws-action.js';

/** Every state machine is a STANDARD one: Stepgraph runs no EXPRESS workflows. */
const STANDARD = 'STANDARD';

/** The state machine actions, over src/state-machines. */
@Injectable()
export class StateMachineActions implements AwsActionGroup {
  readonly actions: readonly AwsAction[];

  constructor(
    private readonly service: StateMachinesService,
    private readonly arns: AwsArns,
  ) {
    this.actions = [
      {
        name: 'ListStateMachines',
        permission: Permission.StateMachineRead,
        audited: false,
        handle: (input) => this.list(input),
      },
    ];
  }

  private async list(input: AwsInput) {
    const page = await asAws({ [ErrorCode.BAD_USER_INPUT]: AwsErrorCode.InvalidToken }, () =>
      this.service.list(pageOf(input)),
    );
    return {
      stateMachines: page.edges.map(({ node }) => ({
        stateMachineArn: this.arns.stateMachine(node.name),
        name: node.name,
        type: STANDARD,
        creationDate: epochSeconds(node.createdAt),
      })),
      ...nextTokenOf(page),
    };
  }
}
