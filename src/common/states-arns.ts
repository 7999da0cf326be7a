/**
 * The ARNs Stepgraph writes where AWS writes ARNs, in the region and account of AWS_REGION and
 * AWS_ACCOUNT_ID: one form for the engine (`$$.Execution.Id`, startExecution results, history)
 * and the AWS endpoint, so the Context object and the history agree with DescribeExecution.
 */
export class StatesArns {
  readonly region: string;
  readonly accountId: string;
  /** `arn:aws:states:<region>:<account>`. */
  protected readonly prefix: string;

  constructor(place: { readonly region: string; readonly accountId: string }) {
    this.region = place.region;
    this.accountId = place.accountId;
    this.prefix = `arn:aws:states:${place.region}:${place.accountId}`;
  }

  stateMachine(name: string): string {
    return `${this.prefix}:stateMachine:${name}`;
  }

  stateMachineVersion(name: string, version: number): string {
    return `${this.stateMachine(name)}:${version}`;
  }

  execution(stateMachineName: string, name: string): string {
    return `${this.prefix}:execution:${stateMachineName}:${name}`;
  }

  activity(name: string): string {
    return `${this.prefix}:activity:${name}`;
  }
}
