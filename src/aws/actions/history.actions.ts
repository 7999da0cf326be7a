import { Injectable } from '@nestjs/common';
import { Permission } from '../../authorization/permission.js';
import { ErrorCode } from '../../common/app-error.js';
import { ExecutionsService } from '../../executions/executions.service.js';
import { awsHistoryEvent } from '../history/aws-history-event.js';
import { AwsErrorCode } from '../protocol/aws-error.js';
import { asAws } from '../protocol/aws-error.mapping.js';
import { nextTokenOf, optionalBoolean, pageOf } from '../protocol/aws-input.js';
import type { AwsAction, AwsActionGroup, AwsInput } from './aws-action.js';
import { AwsExecutions } from './aws-executions.js';

/** GetExecutionHistory: a page of the history read in PostgreSQL, each event as AWS writes it. */
@Injectable()
export class HistoryActions implements AwsActionGroup {
  readonly actions: readonly AwsAction[];

  constructor(
    private readonly service: ExecutionsService,
    private readonly executions: AwsExecutions,
  ) {
    this.actions = [
      {
        name: 'GetExecutionHistory',
        permission: Permission.ExecutionRead,
        audited: false,
        handle: (input) => this.history(input),
      },
    ];
  }

  private async history(input: AwsInput) {
    const execution = await this.executions.find(input);
    const reverseOrder = optionalBoolean(input, 'reverseOrder') ?? false;
    const includeExecutionData = optionalBoolean(input, 'includeExecutionData') ?? true;
    const page = await asAws({ [ErrorCode.BAD_USER_INPUT]: AwsErrorCode.InvalidToken }, () =>
      this.service.events(execution.id, { ...pageOf(input), reverseOrder }),
    );
    return {
      events: page.edges.map(({ node }) =>
        awsHistoryEvent(node, { includeExecutionData, roleArn: this.executions.arns.role() }),
      ),
      ...nextTokenOf(page),
    };
  }
}
