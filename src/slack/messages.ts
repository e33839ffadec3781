/**
 * What the app says to people from its listeners, in one place: errors, refusals and notices.
 * (The layout of questions, cards and boards is in blocks.ts.) Texts that include content or
 * people's words take them as arguments, already escaped by the caller where they are mrkdwn.
 */
import { explainSlackError } from './slack-errors.ts';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const MESSAGES = {
  somethingWentWrong: 'Something went wrong on my side. Please try again in a moment.',
  onlyAws: 'I only answer `/aws`. Try `/aws help`.',
  notAdmin:
    'Only quiz admins can do that: workspace admins and owners, and the people your team lead named when setting the app up. Ask one of them.',
  /** `/aws stats` used to show a person's own record: point them there. */
  statsNotAdmin:
    'Team stats are for quiz admins: workspace admins and owners, and the people your team lead named when setting the app up. Your own record: `/aws streak`.',
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
  quizAlreadyRuns: (schedule: string, zone: string, next?: string) =>
    `The daily quiz already runs in this channel on \`${schedule}\` (${zone}); nothing changed.${next ? ` Next question: ${next}.` : ''}`,
  quizScheduleChanged: (from: { schedule: string; zone: string }, to: { schedule: string; zone: string }, next?: string) =>
    `:white_check_mark: Changed from \`${from.schedule}\` ${from.zone} to \`${to.schedule}\` ${to.zone}.${next ? ` Next question: ${next}.` : ''}`,
  quizRunsAgain: (schedule: string, zone: string, next?: string) =>
    `:white_check_mark: The daily quiz runs in this channel again, on \`${schedule}\` (${zone}).${next ? ` Next question: ${next}.` : ''}`,
  /** Said with every schedule an admin sets: the week and month boundaries of the leaderboard. */
  leaderboardZone: (zone: string) =>
    `Leaderboard weeks (from Monday) and months run by ${zone} when \`/aws leaderboard\` is typed in this channel.`,
  leaderboardInZone: (zone: string) => `Weeks start on Monday and months on the 1st in ${zone}, this channel's quiz time zone.`,
  quizNotSetUp: 'The daily quiz is not set up in this channel. Start it with `/aws quiz setup` or `/aws quiz here`.',
  quizState: (state: 'off' | 'paused' | 'active') =>
    `:white_check_mark: The daily quiz in this channel is ${
      { off: 'stopped', paused: 'paused (`/aws quiz resume` to start it again)', active: 'running again' }[state]
    }.`,
  recapState: (enabled: boolean, wasEnabled: boolean) =>
    enabled
      ? wasEnabled
        ? 'The weekly recap is already on in this channel: Mondays at 09:00 in its time zone.'
        : ":white_check_mark: The weekly recap is on again in this channel: Mondays at 09:00 in its time zone, last week's top five, accuracy and a chart."
      : wasEnabled
        ? ':white_check_mark: The weekly recap is off in this channel. `/aws quiz recap on` brings it back.'
        : 'The weekly recap is already off in this channel. `/aws quiz recap on` brings it back.',
  quizStateAlready: (state: 'off' | 'paused' | 'active') =>
    ({
      off: 'The daily quiz in this channel is already stopped. `/aws quiz here` starts it again.',
      paused: 'The daily quiz in this channel is already paused. `/aws quiz resume` starts it again.',
      active: 'The daily quiz in this channel is already running. `/aws quiz status` shows when the next question comes.',
    })[state],
  /** Why the quiz cannot run in a channel, with the fix. `where` is a channel mention or "this channel". */
  channelRefused: {
    dm: "The daily quiz runs in a channel, not in a direct message or group DM: open the team's channel and type `/aws quiz here` there, or pick a channel in `/aws quiz setup`.",
    notMember: (where: string) =>
      `I'm not a member of ${where}, so I can't post there. Invite me with \`/invite @AWS Serverless Tutor\` in that channel, then try again.`,
    archived: (where: string) => `${where} is archived, so I can't post there. Pick a channel that is in use.`,
  },
  channelUnchecked: (reason: string) =>
    `(I couldn't check that I may post there: ${reason}. If the first question does not appear, \`/aws quiz status\` shows why.)`,
  setupSaved: 'Daily quiz saved',
  setupNothingChanged: 'Nothing changed: the quiz already runs so.',
  setupOpenFailed: "I couldn't open the setup form just now. Try `/aws quiz setup` again, or use `/aws quiz here [cron] [zone]`.",
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
  reportUnknownQuestion:
    "I don't know that question (it may have been removed or renamed), so there is nothing to report. Nothing was recorded.",
  reportModalFailed: "I couldn't open the report form just now. Please press Report a problem again in a moment.",
  reportModalNote:
    'Your report is private: it goes to the people who write the questions. Nothing about your answer or score changes.',
  reportPickReason: 'Pick what is wrong, then send.',
  reportCommentTooLong: (max: number) => `Please keep the comment to ${max} characters.`,
  reportNotSaved: "I couldn't save your report just now. Please press Send report again in a moment.",
  reportThanks: (questionId: string) =>
    `:pray: Thanks for reporting \`${questionId}\`. The people who write the questions will look at it and fix it if it's wrong; a question two people say has a wrong answer is kept out of the quiz and practice until then.`,
  reportAlready: (questionId: string) =>
    `:pray: Thanks, you have reported \`${questionId}\` already and it is still open, so I kept your first report. The question authors will look at it.`,
  /** The DM to the admin who set a channel's quiz up: what went wrong, the fix, and the raw code for searching. */
  postingFails: (problem: string, fix: string, code: string) =>
    `:warning: The daily quiz question could not be posted. ${capitalise(problem)}: ${fix}. I'll keep trying and tell you here once it works again. (Slack said \`${code.replace(/[^\w.:-]/g, '').slice(0, 60)}\`.)`,
  postingWorksAgain: (where: string) => `:white_check_mark: The daily quiz posts in ${where} again. Thanks for fixing it!`,
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
    const explained = explainSlackError(error, 'this channel');
    return `${capitalise(explained.problem)}: ${explained.fix}.`;
  },
} as const;
