/**
 * The colour of each subscription, shared by the subscription list and the message log. Mid-tone
 * colours (Okabe–Ito based, told apart with the common colour-vision deficiencies) that keep at
 * least 3:1 against both the light and the dark theme's panel; a swatch always comes with the
 * filter in words, never colour alone.
 */
export const SUBSCRIPTION_COLOURS: readonly string[] = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#8e6cc8',
  '#b08800',
  '#3a8fd1',
  '#c0504d',
]

/** The colour of the subscription at `position` in the list (the order they were added). */
export function subscriptionColour(position: number): string {
  return SUBSCRIPTION_COLOURS[position % SUBSCRIPTION_COLOURS.length]!
}
