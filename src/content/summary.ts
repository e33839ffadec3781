import { answerKeys, type Bank, isMultipleResponse } from './bank.ts';
import { EXAM_DOMAIN_TAGS, EXAM_DOMAINS, SECURITY_DOMAINS } from './exams.ts';

export interface TopicSummary {
  topic: string;
  title: string;
  questions: number;
  cards: number;
  byDifficulty: [number, number, number];
}

export interface DomainShare {
  domain: string;
  name: string;
  /** The exam guide's weight, in percent. */
  weight: number;
  questions: number;
  /** Share of the questions tagged for this exam, in percent. */
  share: number;
}

export function summarize(bank: Bank) {
  const topics: TopicSummary[] = bank.topics.map((t) => ({
    topic: t.topic,
    title: t.title,
    questions: t.questions.length,
    cards: t.cards.length,
    byDifficulty: [1, 2, 3].map((d) => t.questions.filter((q) => q.difficulty === d).length) as [number, number, number],
  }));
  const letters: Record<string, number> = {};
  for (const q of bank.questions) for (const key of answerKeys(q.answer)) letters[key] = (letters[key] ?? 0) + 1;
  const count = (test: (q: Bank['questions'][number]) => boolean) => bank.questions.filter(test).length;
  return {
    topics,
    letters,
    questions: bank.questions.length,
    cards: bank.cards.length,
    multipleResponse: count(isMultipleResponse),
    design: count((q) => q.difficulty === 3),
    withWhy: count((q) => q.why !== undefined),
    withExams: count((q) => (q.exams?.length ?? 0) > 0),
    verified: count((q) => q.verified !== undefined),
    security: count((q) => q.exams?.some((d) => SECURITY_DOMAINS.includes(d as (typeof SECURITY_DOMAINS)[number])) ?? false),
    domains: domainShares(bank),
  };
}

function domainShares(bank: Bank): DomainShare[] {
  const tagged = (exam: string) => bank.questions.filter((q) => q.exams?.some((d) => d.startsWith(`${exam}/`))).length;
  return EXAM_DOMAIN_TAGS.map((domain) => {
    const questions = bank.questions.filter((q) => q.exams?.includes(domain)).length;
    const total = tagged(domain.split('/')[0] ?? '');
    return {
      domain,
      name: EXAM_DOMAINS[domain].name,
      weight: EXAM_DOMAINS[domain].weight,
      questions,
      share: total === 0 ? 0 : Math.round((100 * questions) / total),
    };
  });
}
