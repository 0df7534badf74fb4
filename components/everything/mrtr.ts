/**
 * The tools and prompt the conformance suite's 2026-07-28 scenarios call
 * (server-stateless, input-required-result-*): capability checks, logging,
 * list changes, and every shape of input-required answer. Each asks the
 * client through `inputRequired(...)`, so the same tool serves a 2026 client
 * (an input-required result) and a 2025 one (the host sends the requests).
 *
 * The answers arrive from the client: a response that is missing or not of
 * the asked shape is asked for again, never taken as an answer.
 */
import {
  acceptedContent,
  createMessage,
  elicit,
  inputRequired,
  listRoots,
  rootsOf,
  runtime,
  sampledText,
  type Context,
  type PromptSpec,
  type ToolSpec,
} from 'mcp-host/guest';

const noArgs = { type: 'object', properties: {} };

const askName = (message: string) =>
  elicit(message, { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
const askConfirm = () => elicit('Please confirm', { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] });

/** An accepted elicitation's string field, or undefined. */
function field(response: unknown, name: string): string | undefined {
  const value = acceptedContent(response)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The state's `kind`, if the state is JSON naming one (the host has verified it is the one this tool returned). */
function stateKind(ctx: Context): unknown {
  const state = ctx.stateJson();
  return typeof state === 'object' && state !== null ? (state as { kind?: unknown }).kind : undefined;
}

export const eraTools: ToolSpec[] = [
  {
    name: 'test_missing_capability',
    description: 'Needs the sampling capability: without it, MissingRequiredClientCapabilityError (-32021)',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      ctx.require('sampling');
      return 'Success';
    },
  },
  {
    name: 'test_streaming_elicitation',
    description: 'Needs elicitation; streams progress (notifications only) before its result',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      ctx.require('elicitation');
      ctx.progress(50, 100, 'halfway');
      return 'Streaming complete';
    },
  },
  {
    name: 'test_logging_tool',
    description: 'Logs once; the host sends it only to a client that asked for logs',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      ctx.log('info', 'Diagnostic trace logging activated');
      return 'Logging evaluated';
    },
  },
  {
    name: 'test_trigger_tool_change',
    description: 'Sends notifications/tools/list_changed',
    inputSchema: noArgs,
    run: () => {
      runtime.sendNotification({ tag: 'tools-list-changed' });
      return 'Mutation triggered';
    },
  },
  {
    name: 'test_trigger_prompt_change',
    description: 'Sends notifications/prompts/list_changed',
    inputSchema: noArgs,
    run: () => {
      runtime.sendNotification({ tag: 'prompts-list-changed' });
      return 'Mutation triggered';
    },
  },
  {
    name: 'test_input_required_result_elicitation',
    description: 'Asks the user for a name (input required: user_name)',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      const response = ctx.inputResponses.user_name;
      const name = field(response, 'name');
      if (name !== undefined) return `Hello, ${name}!`;
      const action = (response as { action?: unknown } | undefined)?.action;
      if (action === 'decline' || action === 'cancel') return `The user chose ${action}.`;
      return inputRequired({ requests: { user_name: askName('What is your name?') } });
    },
  },
  {
    name: 'test_input_required_result_sampling',
    description: "Asks the client's model a question (input required: capital_question)",
    inputSchema: noArgs,
    run: (_args, ctx) => {
      const answer = sampledText(ctx.inputResponses.capital_question);
      if (answer !== undefined) return `Sampling result: ${answer}`;
      return inputRequired({
        requests: {
          capital_question: createMessage({ messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }], maxTokens: 100 }),
        },
      });
    },
  },
  {
    name: 'test_input_required_result_list_roots',
    description: "Asks for the client's roots (input required: client_roots)",
    inputSchema: noArgs,
    run: (_args, ctx) => {
      const roots = rootsOf(ctx.inputResponses.client_roots);
      if (roots) return `Found ${roots.length} root(s)${roots.length ? `: ${roots.map((r) => r.uri).join(', ')}` : ''}`;
      return inputRequired({ requests: { client_roots: listRoots() } });
    },
  },
  {
    name: 'test_input_required_result_request_state',
    description: 'Asks for a confirmation and carries state of its own to the next round',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      if (stateKind(ctx) === 'request-state' && acceptedContent(ctx.inputResponses.confirm)?.ok === true) return 'state-ok: requestState validated';
      return inputRequired({ requests: { confirm: askConfirm() }, state: { kind: 'request-state' } });
    },
  },
  {
    name: 'test_input_required_result_multiple_inputs',
    description: 'Asks for a name, a sampled greeting and the roots at once',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      const name = field(ctx.inputResponses.user_name, 'name');
      const greeting = sampledText(ctx.inputResponses.greeting);
      const roots = rootsOf(ctx.inputResponses.client_roots);
      if (stateKind(ctx) === 'multiple-inputs' && name !== undefined && greeting !== undefined && roots) {
        return `Name: ${name}; Greeting: ${greeting}; Roots: ${roots.length}`;
      }
      return inputRequired({
        requests: {
          user_name: askName('What is your name?'),
          greeting: createMessage({ messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }], maxTokens: 50 }),
          client_roots: listRoots(),
        },
        state: { kind: 'multiple-inputs' },
      });
    },
  },
  {
    name: 'test_input_required_result_multi_round',
    description: 'Asks for a name, then a colour, keeping the name in its state',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      const state = ctx.stateJson() as { round?: unknown; name?: unknown } | undefined;
      const step1 = field(ctx.inputResponses.step1, 'name');
      if (state?.round === 1 && step1 !== undefined) {
        const step2 = elicit('Step 2: What is your favorite color?', { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] });
        return inputRequired({ requests: { step2 }, state: { round: 2, name: step1 } });
      }
      const color = field(ctx.inputResponses.step2, 'color');
      if (state?.round === 2 && typeof state.name === 'string' && color !== undefined) return `Multi-round complete for ${state.name} who likes ${color}`;
      return inputRequired({ requests: { step1: askName('Step 1: What is your name?') }, state: { round: 1 } });
    },
  },
  {
    name: 'test_input_required_result_tampered_state',
    description: 'Carries state the host signs: a changed state is refused before this tool runs',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      if (stateKind(ctx) === 'tamper-test' && acceptedContent(ctx.inputResponses.confirm) !== undefined) return 'integrity-ok: state verified';
      return inputRequired({ requests: { confirm: askConfirm() }, state: { kind: 'tamper-test' } });
    },
  },
  {
    name: 'test_input_required_result_capabilities',
    description: 'Asks only for what the client declared (elicit_input with elicitation, sample_input with sampling)',
    inputSchema: noArgs,
    run: (_args, ctx) => {
      const received = ['elicit_input', 'sample_input'].filter((key) => ctx.inputResponses[key] !== undefined);
      if (received.length > 0) return `capabilities-ok: received ${received.join(',')}`;
      const caps = ctx.clientCapabilities ?? {};
      const requests: Parameters<typeof inputRequired>[0]['requests'] = {};
      if (caps.elicitation) requests.elicit_input = elicit('Elicitation input', { type: 'object', properties: { value: { type: 'string' } }, required: ['value'] });
      if (caps.sampling) requests.sample_input = createMessage({ messages: [{ role: 'user', content: { type: 'text', text: 'Sample request' } }], maxTokens: 50 });
      if (Object.keys(requests).length === 0) return 'No supported capabilities declared';
      return inputRequired({ requests, state: { kind: 'capabilities-test' } });
    },
  },
];

export const eraPrompts: PromptSpec[] = [
  {
    name: 'test_input_required_result_prompt',
    description: 'Asks the user for context before it is rendered (input required: user_context)',
    get: (_args, ctx) => {
      const context = field(ctx.inputResponses.user_context, 'context');
      if (context !== undefined) return `Prompt with context: ${context}`;
      return inputRequired({
        requests: {
          user_context: elicit('What context should the prompt use?', { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] }),
        },
      });
    },
  },
];
