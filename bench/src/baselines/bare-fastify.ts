import Fastify from 'fastify';

/**
 * The HTTP limit: a bare Fastify route on the same path and method as CancelJobExecution that
 * parses the JSON body and answers 200, with nothing behind it. Run as its own process, like the
 * service, by the cancel benchmark.
 */
const app = Fastify({ logger: false });
app.put('/things/:thingName/jobs/:jobId/cancel', async (_request, reply) => {
  await reply.code(200).send({});
});
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
