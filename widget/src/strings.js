// English defaults for every shopper-facing string. A store overrides any of
// them with the element's `strings` attribute (JSON) or `element.strings = {...}`.
// `{name}` is replaced by a value; an object {one, other, ...} picks its form
// with Intl.PluralRules by the number its `count` names: the one its noun goes
// with, which depends on the language ("1 of 4 steps", "1 étape sur 4": a
// French override says `"count": "done"`). Separators and punctuation are in
// the strings too, never added by the code.
export default {
  title: '{program}',
  loading: 'Loading your rewards…',
  signedOut: 'Sign in to see your rewards and how close you are to the next one.',
  signIn: 'Sign in',
  expired: 'Your session has expired. Sign in again to see your rewards.',
  error: 'We couldn’t load your rewards right now.',
  retry: 'Try again',
  missing: 'This rewards program isn’t available.',
  ended: 'This program has ended. Here is where you finished.',
  inactive: 'This program is paused: progress is shown, rewards are not being given right now.',
  notEligible: 'This program isn’t available for your account.',

  overall: 'Overall progress',
  stepsDone: { count: 'total', one: '{done} of {total} step complete', other: '{done} of {total} steps complete' },
  journeyDone: 'Journey complete. Well done!',
  steps: 'Steps',
  step: 'Step {n}',
  done: 'Done',
  current: 'Current step',
  locked: 'Locked',
  completedOn: 'Completed {date}',
  unlocksAfter: 'Unlocks after step {n}',
  stepProgress: 'Progress on step {n}',
  tierProgress: 'Progress to {name}',
  labelled: '{label}: {value}', // "Step 1: Welcome aboard", "Next milestone: Gold"
  separator: ' · ', // between the parts of a detail line
  annotated: '{text} ({note})', // an earned milestone, then "reversed <date>"
  rewards: 'Rewards:',
  rewardsPick: 'Pick {pick} of:',

  progress: {
    orders: { count: 'target', one: '{value} of {target} order', other: '{value} of {target} orders' },
    spend: '{value} of {target} spent',
    points: { count: 'target', one: '{value} of {target} point', other: '{value} of {target} points' },
    reviews: { count: 'target', one: '{value} of {target} review', other: '{value} of {target} reviews' },
    referrals: { count: 'target', one: '{value} of {target} referral', other: '{value} of {target} referrals' },
    subscription_cycles: { count: 'target', one: '{value} of {target} renewal', other: '{value} of {target} renewals' },
  },
  toGo: {
    orders: { count: 'remaining', one: '{remaining} more order to go', other: '{remaining} more orders to go' },
    spend: '{remaining} more to spend',
    points: { count: 'remaining', one: '{remaining} more point to go', other: '{remaining} more points to go' },
    reviews: { count: 'remaining', one: '{remaining} more review to go', other: '{remaining} more reviews to go' },
    referrals: { count: 'remaining', one: '{remaining} more referral to go', other: '{remaining} more referrals to go' },
    subscription_cycles: { count: 'remaining', one: '{remaining} more renewal to go', other: '{remaining} more renewals to go' },
  },

  reward: {
    points: { count: 'points', one: '{points} point', other: '{points} points' },
    store_credit: '{amount} store credit',
    discount_amount: '{amount} off an order',
    discount_percent: '{percent} off an order',
    free_shipping: 'free shipping',
    free_gift: 'a free gift',
  },
  choiceOf: 'your choice of {rewards}',

  spent: 'Qualifying spend: {amount}',
  nextMilestone: 'Next milestone',
  tierToGo: '{remaining} to go to reach {name}',
  tierReward: 'Reward: {rewards}',
  allEarned: 'You’ve earned every milestone. Thank you!',
  milestones: 'Milestones',
  threshold: 'Spend {amount}',
  everyThreshold: 'Every {amount} spent',
  earned: 'Earned',
  next: 'Next',
  upcoming: 'Upcoming',
  paused: 'Paused',
  timesEarned: { count: 'count', one: 'Earned {count} time', other: 'Earned {count} times' },
  earnedList: 'Milestones earned',
  earnedItem: '{name}: {amount} on {date}',
  reversed: 'reversed {date}',
  noneEarned: 'No milestones earned yet.',

  cartTitle: 'Your cart',
  projFinish: 'Complete this order to finish {steps} and earn {rewards}.',
  projFinishOnly: 'Complete this order to finish {steps}.',
  projProgress: 'After this order: {progress} on {step}.',
  projNoCount: 'This order doesn’t count toward {step}.',
  projReach: 'Complete this order to reach {names} and earn {rewards}.',
  projReachOnly: 'Complete this order to reach {names}.',
  projCloser: 'After this order you’ll be {remaining} away from {name}.',

  congrats: 'Congratulations!',
  notice: '{title} {text}', // "Congratulations!", then the server's notice
  dismiss: 'Dismiss',
  chooseTitle: 'Pick your reward for {name}',
  choosePick: { count: 'pick', one: 'Choose {pick} reward.', other: 'Choose {pick} rewards.' },
  chooseSubmit: 'Claim reward',
  chooseSaving: 'Saving your choice…',
  chooseDone: 'Your reward is on its way.',
  chooseError: 'We couldn’t save your choice. Please try again.',
  chooseCount: { count: 'pick', one: 'Select exactly {pick} reward.', other: 'Select exactly {pick} rewards.' },
};
