/**
 * What the app says to people from its listeners, in one place: errors, refusals and notices.
 * (The layout of questions, cards and boards is in blocks.ts.) Texts that include content or
 * people's words take them as arguments, already escaped by the caller where they are mrkdwn.
 */
export const MESSAGES = {
  somethingWentWrong: 'Something went wrong on my side. Please try again in a moment.',
  onlyAws: 'I only answer `/aws`. Try `/aws help`.',
  notAdmin:
    'Only quiz admins can do that: workspace admins and owners, and the people your team lead named when setting the app up. Ask one of them.',
  unknownButton: "That button doesn't do anything any more. Try `/aws help`.",
  answerNotRecorded: 'I could not record your answer just now. Please click again in a moment.',
  tickSeveral: 'This question asks for more than one choice: tick them all, then press Submit. Nothing was recorded.',
  cardGone: 'That card is no longer available. Try the lookup again.',
  cardShared: (title: string) => `:white_check_mark: Shared *${title}* in the channel.`,
  posted: ':white_check_mark: Posted the next question here.',
  noQuestions: 'There are no questions in the bank to post.',
  postingAlready: 'That question is being posted already.',
  quizRunsHere: (schedule: string, zone: string, first?: string) =>
    `:white_check_mark: The daily quiz runs in this channel on \`${schedule}\` (${zone}).${first ? ` First question: ${first}.` : ''}`,
  quizNotSetUp: 'The daily quiz is not set up in this channel. Start it with `/aws quiz here`.',
  quizState: (state: 'off' | 'paused' | 'active') =>
    `:white_check_mark: The daily quiz in this channel is ${
      { off: 'stopped', paused: 'paused (`/aws quiz resume` to start it again)', active: 'running again' }[state]
    }.`,
  practiceStarted: (size: number) =>
    `:dart: Your practice is in our direct messages (Apps → AWS Serverless Tutor): ${size} questions picked for you, due reviews first.`,
  practiceNoDm:
    "I couldn't open a direct message with you. Open the app's Messages tab in Slack, then try `/aws practice` again.",
  practiceNothingLeft: 'Nothing to practise right now: every question here is reviewed for today. Come back tomorrow.',
  practiceUnknownTopic: (topic: string, topics: string[]) =>
    `I have no topic \`${topic}\`. Try one of: ${topics.map((t) => `\`${t}\``).join(' · ')}.`,
  practiceUnknownExam: (exams: string[]) =>
    `Practice follows these exams: ${exams.map((e) => `\`${e.toLowerCase()}\``).join(', ')}.`,
  practiceResetAsk:
    'This deletes your practice history here: every review and when each question comes back. Your daily-quiz points and streaks stay.',
  practiceSessionGone: 'That practice session has ended. Start a new one with `/aws practice`.',
  practiceResetDone: ':wastebasket: Your practice history is deleted. `/aws practice` starts afresh.',
  practiceRemindOn: (time: string, zone: string, first: string) =>
    `:bell: I'll remind you at *${time}* (${zone}) in our direct messages, on days when reviews are due. Next: ${first}. \`/aws practice remind off\` stops it.`,
  practiceRemindOff: ':no_bell: Your daily practice reminder is off. `/aws practice remind 9:00` turns it on again.',
  practiceAway: (until: string, hasReminder: boolean) =>
    `:palm_tree: Away until ${until}.${hasReminder ? ' No reminders until then.' : ''} The reviews that fall due meanwhile move on by the time you are away, so they come back spread out as they were, not all at once. \`/aws practice away off\` if you are back early.`,
  practiceBack: (moved: number) =>
    `:wave: Welcome back. ${moved === 1 ? '1 review' : `${moved} reviews`} due while you were away ${moved === 1 ? 'comes' : 'come'} back from today on, spread out as before.`,
  practiceNotAway: 'You are not away. `/aws practice away 7d` pauses your reminders for a week.',
  practiceSizeSet: (size: number, isDefault: boolean) =>
    `:white_check_mark: Your practice sessions are *${size}* questions${isDefault ? ' (the default)' : ''}. \`/aws practice\` starts one.`,
  practiceCapSet: (cap: number, isDefault: boolean) =>
    `:white_check_mark: At most *${cap}* reviews a day${isDefault ? ' (the default)' : ''}; the rest move on to the next day instead of piling up.`,
  practiceOutOfRange: (what: 'size' | 'cap', min: number, max: number) =>
    what === 'size'
      ? `A session has ${min} to ${max} questions, e.g. \`/aws practice size 10\`.`
      : `The daily review cap is ${min} to ${max}, e.g. \`/aws practice cap 30\`.`,
  practiceNudge: (due: number) => `${due === 1 ? '1 review' : `${due} reviews`} due`,
  /** Why a question could not be posted, in words, with the fix. */
  postFailed(error: string): string {
    if (error === 'not_in_channel' || error === 'channel_not_found') {
      return "I can't post in this channel. Invite me first (`/invite @AWS Serverless Tutor`), then try again.";
    }
    if (error === 'is_archived') return 'This channel is archived, so I cannot post here.';
    return `Slack did not accept the question (${error}). I'll keep retrying; \`/aws quiz status\` shows the last error.`;
  },
} as const;
