/**
 * A local fake of the Anthropic Messages API (POST /v1/messages) on 127.0.0.1 and a random port.
 * Each test queues how the next requests are answered; every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createAnthropicClient, type AnthropicLike } from '../../../nodes/core/ai';

export interface FakeReply {
	status?: number;
	/** Text of the assistant message (status 200). */
	text?: string;
	/** Raw JSON body instead of a message. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Wait before answering (to provoke timeouts). */
	delayMs?: number;
	usage?: { input_tokens: number; output_tokens: number };
	stopReason?: string;
}

export interface RecordedRequest {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: {
		model?: string;
		max_tokens?: number;
		system?: string;
		messages?: Array<{ role: string; content: string }>;
	};
}

export class FakeAnthropic {
	readonly requests: RecordedRequest[] = [];
	private readonly queue: FakeReply[] = [];
	private fallback: FakeReply = { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'no reply queued' } } };
	private server?: http.Server;
	private readonly sockets = new Set<import('node:net').Socket>();
	baseURL = '';

	async start(): Promise<void> {
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		this.baseURL = `http://127.0.0.1:${port}`;
	}

	async stop(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}

	/** Queue replies for the next requests (in order). */
	reply(...replies: FakeReply[]): this {
		this.queue.push(...replies);
		return this;
	}

	/** The reply when the queue is empty. */
	always(reply: FakeReply): this {
		this.fallback = reply;
		return this;
	}

	reset(): void {
		this.queue.length = 0;
		this.requests.length = 0;
		this.fallback = { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'no reply queued' } } };
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			let body: RecordedRequest['body'] = {};
			try {
				body = JSON.parse(raw);
			} catch {
				/* recorded as empty */
			}
			this.requests.push({ path: req.url ?? '', headers: req.headers, body });
			const reply = this.queue.shift() ?? this.fallback;
			const send = () => {
				if (res.destroyed) return;
				const status = reply.status ?? 200;
				const payload =
					reply.body ??
					(status === 200
						? {
								id: `msg_${this.requests.length}`,
								type: 'message',
								role: 'assistant',
								model: body.model ?? 'claude-test',
								content: [{ type: 'text', text: reply.text ?? '' }],
								stop_reason: reply.stopReason ?? 'end_turn',
								stop_sequence: null,
								usage: reply.usage ?? { input_tokens: 100, output_tokens: 50 },
							}
						: { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message: `status ${status}` } });
				res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${this.requests.length}`, ...(reply.headers ?? {}) });
				res.end(JSON.stringify(payload));
			};
			if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
			else send();
		});
	}
}

/** The answer a well-behaved model would give: JSON with subject and body. */
export function answer(body: string, subject?: string): string {
	return JSON.stringify(subject === undefined ? { body } : { subject, body });
}

/** Fast retry timings for tests (milliseconds, not seconds). */
export const FAST = { retryBaseMs: 5, maxRetryDelayMs: 20, timeoutMs: 2000 };

/**
 * A fake started for the test file, reset before each test and stopped after all, with an SDK client pointed at it
 * (`client()` once the fake has started).
 */
export function useFakeAnthropic(): { fake: FakeAnthropic; client: () => AnthropicLike } {
	const fake = new FakeAnthropic();
	let client: AnthropicLike;
	beforeAll(async () => {
		await fake.start();
		client = createAnthropicClient({ apiKey: 'test-key', baseURL: fake.baseURL }) as AnthropicLike;
	});
	afterAll(() => fake.stop());
	beforeEach(() => fake.reset());
	return { fake, client: () => client };
}
