/**
 * The exam guides' domains, with their scoring weights (AWS Certified Developer – Associate
 * DVA-C02 and Solutions Architect – Associate SAA-C03 exam guides). A question's `exams` tag
 * names one of these as `<exam>/<domain number>`.
 */
export const EXAM_DOMAINS = {
  'DVA-C02/1': { name: 'Development with AWS Services', weight: 32 },
  'DVA-C02/2': { name: 'Security', weight: 26 },
  'DVA-C02/3': { name: 'Deployment', weight: 24 },
  'DVA-C02/4': { name: 'Troubleshooting and Optimization', weight: 18 },
  'SAA-C03/1': { name: 'Design Secure Architectures', weight: 30 },
  'SAA-C03/2': { name: 'Design Resilient Architectures', weight: 26 },
  'SAA-C03/3': { name: 'Design High-Performing Architectures', weight: 24 },
  'SAA-C03/4': { name: 'Design Cost-Optimized Architectures', weight: 20 },
} as const;

export type ExamDomain = keyof typeof EXAM_DOMAINS;
export const EXAM_DOMAIN_TAGS = Object.keys(EXAM_DOMAINS) as [ExamDomain, ...ExamDomain[]];
export const EXAMS = ['DVA-C02', 'SAA-C03'] as const;
export type Exam = (typeof EXAMS)[number];

/** The security domains: a question tagged with one of these counts toward the security share. */
export const SECURITY_DOMAINS: readonly ExamDomain[] = ['DVA-C02/2', 'SAA-C03/1'];
