/**
 * Example: a stateful notes server. Notes live in the instance's memory.
 * Shows resources, a resource template with completion, prompts with
 * completion, subscriptions (resources/updated), logging, and list_changed
 * when it registers new resources, prompts and tools while serving.
 */
import { defineServer, type Completer } from 'mcp-host/guest';

const notes = new Map<string, string>([['welcome', 'Welcome to the notes example.']]);

const completeId: Completer = (value) => [...notes.keys()].filter((id) => id.startsWith(value)).sort();

const noteResource = (id: string) => ({
  uri: `notes://${id}`,
  name: id,
  mimeType: 'text/plain',
  read: () => notes.get(id) ?? '',
});

const server = defineServer({
  name: 'notes-example',
  version: '1.0.0',
  instructions: 'Keeps short notes. Read notes://index for the list; subscribe to a note to hear of changes.',
  subscriptions: true,
  resources: [
    {
      uri: 'notes://index',
      name: 'index',
      title: 'All notes',
      mimeType: 'application/json',
      read: () => JSON.stringify([...notes.keys()].sort()),
    },
    ...[...notes.keys()].map(noteResource),
  ],
  resourceTemplates: [
    {
      uriTemplate: 'notes://{id}',
      name: 'note',
      title: 'A note by id',
      mimeType: 'text/plain',
      read: (uri, { id = '' }) => {
        const note = notes.get(id);
        if (note === undefined) throw new Error(`no note "${id}"`);
        return note;
      },
      complete: { id: completeId },
    },
  ],
  prompts: [
    {
      name: 'summarize',
      title: 'Summarize a note',
      description: 'Ask the model to summarize one note',
      arguments: [{ name: 'id', description: 'note id', required: true }],
      get: ({ id = '' }) => {
        const note = notes.get(id);
        if (note === undefined) throw new Error(`no note "${id}"`);
        return {
          description: `Summary of ${id}`,
          messages: [{ role: 'user', content: `Summarize this note in one sentence:\n\n${note}` }],
        };
      },
      complete: { id: completeId },
    },
  ],
  tools: [
    {
      name: 'add_note',
      description: 'Add or replace a note',
      inputSchema: {
        type: 'object',
        properties: { id: { type: 'string', pattern: '^[a-z0-9-]+$' }, text: { type: 'string' } },
        required: ['id', 'text'],
      },
      run: ({ id, text }: { id: string; text: string }, ctx) => {
        const isNew = !notes.has(id);
        notes.set(id, text);
        if (isNew) server.addResources([noteResource(id)]);
        server.resourceUpdated(`notes://${id}`);
        server.resourceUpdated('notes://index');
        ctx.log('info', `note ${id} ${isNew ? 'added' : 'replaced'}`, { id, length: text.length });
        return { structuredContent: { id, count: notes.size }, content: `saved note ${id}` };
      },
      outputSchema: { type: 'object', properties: { id: { type: 'string' }, count: { type: 'integer' } }, required: ['id', 'count'] },
    },
    {
      name: 'count_notes',
      description: 'How many notes there are',
      run: () => String(notes.size),
    },
    {
      name: 'enable_extras',
      description: 'Register a `clear_notes` tool and a `compare` prompt (shows list_changed)',
      run: () => {
        server.addTools([
          {
            name: 'clear_notes',
            description: 'Delete every note',
            annotations: { destructiveHint: true },
            run: () => {
              notes.clear();
              server.resourceUpdated('notes://index');
              return 'cleared';
            },
          },
        ]);
        server.addPrompts([
          {
            name: 'compare',
            description: 'Compare two notes',
            arguments: [
              { name: 'a', required: true },
              { name: 'b', required: true },
            ],
            get: ({ a = '', b = '' }) => `Compare these notes:\n\n${notes.get(a) ?? ''}\n\n${notes.get(b) ?? ''}`,
          },
        ]);
        return 'extras enabled';
      },
    },
  ],
});

export const { run, handlers } = server;
