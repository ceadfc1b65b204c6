// Drives the server with the official openai npm library and prints what the library made of each answer as one
// JSON object, for OpenAiLibraryTests to check. Usage: node check.mjs BASE_URL API_KEY
import OpenAI from "openai";

const [baseURL, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const messages = [
  { role: "system", content: "You are the narrator of a text adventure." },
  { role: "user", content: "I open the heavy oak door." },
];
const out = {};

const models = await client.models.list();
out.models = models.data.map((m) => m.id);
out.retrieved = (await client.models.retrieve(out.models[0])).id;
try {
  await client.models.retrieve("no-such-model");
  out.missingModel = "no error";
} catch (e) {
  out.missingModel = { status: e.status, name: e.constructor.name, message: e.error?.message ?? e.message };
}

const chat = await client.chat.completions.create({ model: "gpt-4o", messages, max_tokens: 12, temperature: 0.8, seed: 5 });
out.chat = { content: chat.choices[0].message.content, role: chat.choices[0].message.role, finish: chat.choices[0].finish_reason, usage: chat.usage, object: chat.object };

const stream = await client.chat.completions.create({ model: "gpt-4o", messages, max_tokens: 12, temperature: 0.8, seed: 5, stream: true, stream_options: { include_usage: true } });
let streamed = "", chunks = 0, finish = null, usage = null;
for await (const chunk of stream) {
  chunks++;
  if (chunk.usage) usage = chunk.usage;
  for (const choice of chunk.choices) {
    streamed += choice.delta?.content ?? "";
    if (choice.finish_reason) finish = choice.finish_reason;
  }
}
out.streamed = { content: streamed, chunks, finish, usage };

// The library's helper that assembles a streamed answer into a whole one.
const runner = client.chat.completions.stream({ model: "gpt-4o", messages, max_tokens: 12, temperature: 0.8, seed: 5 });
const final = await runner.finalChatCompletion();
out.assembled = final.choices[0].message.content;

const completion = await client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "You enter the cave.", max_tokens: 5, temperature: 0, echo: true });
out.completion = { text: completion.choices[0].text, usage: completion.usage };

try {
  await client.completions.create({ model: "x", prompt: "You enter the cave.", suffix: "The end." });
  out.suffix = "no error";
} catch (e) {
  out.suffix = { status: e.status, param: e.param ?? e.error?.param };
}

console.log(JSON.stringify(out));
