import { z } from 'zod';
import { EXAM_DOMAIN_TAGS } from './exams.ts';

/** Hosts whose pages state AWS facts; a source elsewhere is not evidence. */
export const DOC_HOSTS = ['docs.aws.amazon.com', 'aws.amazon.com'];

export const LIMITS = {
  cardTitle: 80,
  cardBody: 2500,
  prompt: 300,
  choice: 120,
  explanation: 600,
  why: 300,
} as const;

const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (lowercase letters, digits and dashes)')
  .max(64, 'must be at most 64 characters');

const docsUrl = z
  .url({ protocol: /^https$/, error: 'must be an https URL' })
  .refine((u) => DOC_HOSTS.includes(new URL(u).hostname), {
    message: `must be on an AWS documentation host (${DOC_HOSTS.join(', ')})`,
  });

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const cardSchema = z.strictObject({
  id,
  title: text(LIMITS.cardTitle),
  keywords: z.array(z.string().trim().min(1).toLowerCase()).min(1, 'needs at least one keyword').max(30),
  body: text(LIMITS.cardBody),
  source: docsUrl,
});

const CHOICE_KEYS = ['a', 'b', 'c', 'd', 'e'] as const;
const choiceKey = z.enum(CHOICE_KEYS, { error: 'must be one of a, b, c, d, e' });

/** A single key, or a list of two or more ("choose two"): graded all-or-nothing. */
const answer = z.union([choiceKey, z.array(choiceKey).min(2, 'a list names at least two choices')], {
  error: 'must be one of a, b, c, d, e, or a list of them',
});

const isoDate = z.iso.date({ error: 'must be a date like 2026-12-01' });

export const questionSchema = z
  .strictObject({
    id,
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 1, 2 or 3' }),
    prompt: text(LIMITS.prompt),
    choices: z.record(z.string(), z.string({ error: 'must be text (quote numbers and yes/no)' }).pipe(text(LIMITS.choice))),
    answer,
    explanation: text(LIMITS.explanation),
    why: z.record(z.string(), text(LIMITS.why), { error: 'needs a why line for each wrong choice' }),
    exams: z
      .array(z.enum(EXAM_DOMAIN_TAGS, { error: `must be one of ${EXAM_DOMAIN_TAGS.join(', ')}` }), {
        error: 'needs the exam domains it serves, such as [DVA-C02/1]',
      })
      .min(1, 'needs at least one exam domain'),
    verified: isoDate,
    source: docsUrl,
    origin: z
      .string()
      .regex(/^notes-q\d{2}$/, 'must look like notes-q07')
      .optional(),
  })
  .superRefine((q, ctx) => {
    const keys = Object.keys(q.choices);
    if (keys.length < 2 || keys.length > 5) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'must have 2 to 5 choices' });
      return;
    }
    const expected = CHOICE_KEYS.slice(0, keys.length);
    if (keys.join() !== expected.join()) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: `keys must be ${expected.join(', ')} in order` });
    }
    const texts = Object.values(q.choices).map((c) => c.toLowerCase());
    if (new Set(texts).size !== texts.length) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'choices must be distinct' });
    }
    const answers = typeof q.answer === 'string' ? [q.answer] : q.answer;
    for (const key of answers) {
      if (!(key in q.choices)) ctx.addIssue({ code: 'custom', path: ['answer'], message: `names no choice ("${key}")` });
    }
    if (new Set(answers).size !== answers.length) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'names a choice twice' });
    }
    if (answers.length >= keys.length) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'at least one choice must be wrong' });
    }
    // The why lines are checked against the answer only once the answer itself names real choices.
    if (answers.every((key) => key in q.choices)) {
      const wrong = keys.filter((k) => !answers.includes(k as (typeof answers)[number]));
      for (const key of Object.keys(q.why)) {
        if (!wrong.includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['why', key],
            message: 'names no wrong choice (why explains wrong choices only)',
          });
        }
      }
      for (const key of wrong) {
        if (!(key in q.why)) ctx.addIssue({ code: 'custom', path: ['why'], message: `lacks a line for wrong choice ${key}` });
      }
    }
    if (new Set(q.exams).size !== q.exams.length) {
      ctx.addIssue({ code: 'custom', path: ['exams'], message: 'names a domain twice' });
    }
  });

export const topicFileSchema = z.strictObject({
  topic: id,
  title: text(80),
  cards: z.array(z.unknown()).default([]),
  questions: z.array(z.unknown()).default([]),
});

export type CardInput = z.infer<typeof cardSchema>;
export type QuestionInput = z.infer<typeof questionSchema>;
