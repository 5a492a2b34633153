/** Gold 3-class sentiment labels: |score| ≤ 0.05 is neutral (VADER's convention on the -1..1 scale). */
export const GOLD_NEUTRAL_BAND = 0.05;
