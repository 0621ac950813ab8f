import {createContext, useContext} from 'react';
import type {Tone} from '../output/paint.js';

/** What a piece of text means; the theme decides how that looks. */
export type UiTone = Tone | 'accent';

/** Ink `<Text>` props for one tone. */
export type ToneStyle = {readonly color?: string; readonly dimColor?: boolean; readonly bold?: boolean};

const styles: Readonly<Record<UiTone, ToneStyle>> = {
	good: {color: 'green'},
	middle: {color: 'yellow'},
	bad: {color: 'red'},
	dim: {dimColor: true},
	accent: {color: 'cyan'},
	plain: {},
};

export type Theme = {
	/** False under NO_COLOR, TERM=dumb or without a terminal: no colour props at all. */
	readonly colour: boolean;
	readonly tone: (tone: UiTone) => ToneStyle;
};

export const makeTheme = (colour: boolean): Theme => ({colour, tone: (tone) => (colour ? styles[tone] : {})});

export const ThemeContext = createContext<Theme>(makeTheme(true));

export const useTheme = (): Theme => useContext(ThemeContext);
