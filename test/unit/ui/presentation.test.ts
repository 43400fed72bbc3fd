import { expect, it } from 'vitest';
import { stepPanel, STORY_PANELS } from '../../../src/lib/presentation.ts';

it('arrow keys step through the story panels and wrap around', () => {
  expect(stepPanel('compass', 'ArrowRight')).toBe('repurchase');
  expect(stepPanel('compass', 'ArrowLeft')).toBe(STORY_PANELS.at(-1));
  expect(stepPanel(STORY_PANELS.at(-1)!, 'ArrowRight')).toBe('compass');
  expect(stepPanel('import', 'ArrowRight')).toBe('compass');
  expect(stepPanel('compass', 'Enter')).toBeNull();
  // only the panels that exist take part
  expect(stepPanel('compass', 'ArrowRight', ['compass', 'churn'])).toBe('churn');
  expect(stepPanel('compass', 'ArrowRight', ['compass'])).toBe('compass');
});
