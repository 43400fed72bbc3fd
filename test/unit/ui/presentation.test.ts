import { describe, expect, it } from 'vitest';
import { slideIndex, stepPanel, stepSlide, STORY_PANELS } from '../../../src/lib/view/presentation.ts';

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

describe('slides: one chart per slide, then the next panel', () => {
  const panels = ['compass', 'churn'] as const;
  it('→ moves through a panel’s slides, then opens the next panel on its first slide', () => {
    expect(stepSlide({ panel: 'compass', slide: 0 }, 'ArrowRight', 3, panels)).toEqual({ panel: 'compass', slide: 1 });
    expect(stepSlide({ panel: 'compass', slide: 2 }, 'ArrowRight', 3, panels)).toEqual({ panel: 'churn', slide: 0 });
    expect(stepSlide({ panel: 'churn', slide: 0 }, ' ', 1, panels)).toEqual({ panel: 'compass', slide: 0 }); // wraps
  });
  it('← moves back, and from a first slide opens the previous panel on its last slide', () => {
    expect(stepSlide({ panel: 'compass', slide: 2 }, 'ArrowLeft', 3, panels)).toEqual({ panel: 'compass', slide: 1 });
    expect(stepSlide({ panel: 'churn', slide: 0 }, 'ArrowLeft', 4, panels)).toEqual({ panel: 'compass', slide: -1 });
    // "last" resolved against the count: from the last of 3, ← goes to the second
    expect(stepSlide({ panel: 'compass', slide: -1 }, 'PageUp', 3, panels)).toEqual({ panel: 'compass', slide: 1 });
  });
  it('a panel without charts is one slide; other keys do nothing', () => {
    expect(stepSlide({ panel: 'compass', slide: 0 }, 'ArrowRight', 0, panels)).toEqual({ panel: 'churn', slide: 0 });
    expect(stepSlide({ panel: 'compass', slide: 0 }, 'Enter', 3, panels)).toBeNull();
  });
  it('slideIndex resolves −1 to the last slide and clamps', () => {
    expect(slideIndex(-1, 4)).toBe(3);
    expect(slideIndex(9, 4)).toBe(3);
    expect(slideIndex(0, 0)).toBe(0);
  });
});
