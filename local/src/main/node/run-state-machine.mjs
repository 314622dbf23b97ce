// Runs one state machine execution with aws-local-stepfunctions (Node 22).
// stdin: {"definition": {...}, "input": {...}, "taskStates": ["Name", ...], "taskResources": {"Name": "arn..."}, "invokeUrl": "http://127.0.0.1:N/invoke"}
// Every Task state is overridden to POST its effective input (for lambda:invoke {FunctionName,
// Payload}) to the local cloud's function server with ?state=<name>, which runs the Java handler,
// the local training job or a child execution; a lambda:invoke answer is shaped like that
// integration's ({Payload, StatusCode}). A handler failure is thrown as an Error whose
// name is the error type, so Retry and Catch match as on AWS.
// stdout: one line, {"ok": true, "output": ...} or {"ok": false, "error": ..., "cause": ...}.
import http from 'node:http';
import { StateMachine } from 'aws-local-stepfunctions';

// POST without a timeout: a local training job can run for an hour, and fetch (undici) gives up
// waiting for the answer's headers after 300 s. The state's own TimeoutSeconds still applies.
function post(url, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

// The local cloud reads the answer; when it has stopped (Ctrl-C during a run) nobody is left to
// read it, and writing to the closed pipe is not worth a stack trace.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const handlers = {};
for (const name of request.taskStates) {
  const resource = (request.taskResources ?? {})[name] ?? '';
  handlers[name] = async (input) => {
    const response = await post(
      `${request.invokeUrl}?state=${encodeURIComponent(name)}`,
      JSON.stringify(input),
    );
    const body = JSON.parse(response.text);
    if (response.status !== 200) {
      const error = new Error(body.errorMessage ?? 'task failed');
      error.name = body.errorType ?? 'States.TaskFailed';
      throw error;
    }
    // lambda:invoke answers with the function's payload wrapped; service integrations
    // (sagemaker:createTrainingJob.sync, states:startExecution.sync:2) with the service's answer
    return resource.startsWith('arn:aws:states:::lambda:invoke') ? { Payload: body, StatusCode: 200 } : body;
  };
}
const retryIntervalOverrides = {};
for (const name of request.taskStates) retryIntervalOverrides[name] = 0;

try {
  const machine = new StateMachine(request.definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(request.input, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
  });
  const output = await execution.result;
  process.stdout.write(JSON.stringify({ ok: true, output }) + '\n');
} catch (e) {
  // an execution that fails is reported as ExecutionError wrapping the state's error
  const root = e.name === 'ExecutionError' && e.cause ? e.cause : e;
  process.stdout.write(
    JSON.stringify({ ok: false, error: root.name ?? 'Error', cause: String(root.message ?? root) }) +
      '\n',
  );
}
