/** The GraphQL documents the CLI sends; field names as in the repository's schema.gql. */

export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { refreshToken user { email role } }
}`;

export const REFRESH_TOKEN = `mutation Refresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) { accessToken refreshToken user { email } }
}`;

export const LOGOUT = `mutation Logout($refreshToken: String!) { logout(refreshToken: $refreshToken) }`;

const MACHINE_FIELDS = 'id name version description updatedAt';

export const STATE_MACHINE_BY_NAME = `query Machine($name: String!) {
  stateMachine(name: $name) { ${MACHINE_FIELDS} definition }
}`;

export const STATE_MACHINES = `query Machines($first: Int!, $after: String) {
  stateMachines(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${MACHINE_FIELDS} executionCounts { status count } } }
  }
}`;

export const CREATE_STATE_MACHINE = `mutation Create($input: CreateStateMachineInput!) {
  createStateMachine(input: $input) { ${MACHINE_FIELDS} }
}`;

export const UPDATE_STATE_MACHINE = `mutation Update($id: ID!, $input: UpdateStateMachineInput!) {
  updateStateMachine(id: $id, input: $input) { ${MACHINE_FIELDS} }
}`;

export const EXECUTION_FIELDS = `id name status version startedAt stoppedAt error cause paused redriveCount
  stateMachine { id name }`;

export const START_EXECUTION = `mutation Start($input: StartExecutionInput!) {
  startExecution(input: $input) { ${EXECUTION_FIELDS} }
}`;

export const EXECUTION = `query Execution($id: ID!) {
  execution(id: $id) {
    ${EXECUTION_FIELDS} input output
    waitingOn { kind state detail }
  }
}`;

export const EXECUTION_STATUS = `query ExecutionStatus($id: ID!) {
  execution(id: $id) { ${EXECUTION_FIELDS} output }
}`;

export const EXECUTIONS = `query Executions($first: Int!, $after: String, $filter: ExecutionsFilter) {
  executions(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${EXECUTION_FIELDS} } }
  }
}`;

const EVENT_FIELDS = 'seq type stateName timestamp details';

export const EXECUTION_EVENTS_PAGE = `query Events($id: ID!, $first: Int!, $after: String, $types: [String!]) {
  execution(id: $id) {
    events(first: $first, after: $after, types: $types) {
      pageInfo { hasNextPage endCursor }
      edges { node { ${EVENT_FIELDS} } }
    }
  }
}`;

export const EXECUTION_EVENTS_LIVE = `subscription Follow($id: ID!, $afterSeq: Int) {
  executionEventBatches(executionId: $id, afterSeq: $afterSeq) { ${EVENT_FIELDS} }
}`;

export const EXECUTION_UPDATED = `subscription Updated($id: ID!) {
  executionUpdated(id: $id) { ${EXECUTION_FIELDS} output }
}`;

export const STOP_EXECUTION = `mutation Stop($id: ID!, $error: String, $cause: String) {
  stopExecution(id: $id, error: $error, cause: $cause) { ${EXECUTION_FIELDS} }
}`;

export const REDRIVE_EXECUTION = `mutation Redrive($id: ID!) {
  redriveExecution(id: $id) { ${EXECUTION_FIELDS} }
}`;

const BULK_FIELDS = 'id kind status total done failed sample { id name } error cause createdAt finishedAt';

export const STOP_EXECUTIONS = `mutation StopMany($filter: ExecutionsFilter!, $dryRun: Boolean, $error: String, $cause: String) {
  stopExecutions(filter: $filter, dryRun: $dryRun, error: $error, cause: $cause) { ${BULK_FIELDS} }
}`;

export const REDRIVE_EXECUTIONS = `mutation RedriveMany($filter: ExecutionsFilter!, $dryRun: Boolean) {
  redriveExecutions(filter: $filter, dryRun: $dryRun) { ${BULK_FIELDS} }
}`;

export const BULK_OPERATION_PROGRESS = `subscription Progress($id: ID!) {
  bulkOperationProgress(id: $id) { ${BULK_FIELDS} }
}`;

export const SEND_TASK_SUCCESS = `mutation Success($taskToken: String!, $output: JSON!) {
  sendTaskSuccess(taskToken: $taskToken, output: $output)
}`;

export const SEND_TASK_FAILURE = `mutation Failure($taskToken: String!, $error: String, $cause: String) {
  sendTaskFailure(taskToken: $taskToken, error: $error, cause: $cause)
}`;
