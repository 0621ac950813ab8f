import {Component, type ReactNode} from 'react';

export type Props = {
	readonly children: ReactNode;
	/** Hears the one-line reason once, when anything below throws while drawing. */
	readonly onError: (message: string) => void;
};

/**
 * Around the whole console: an error thrown while drawing (a bug, a value no screen expected)
 * ends the console with one readable line and what was saved, never a React stack trace.
 */
export default class ConsoleBoundary extends Component<Props, {readonly failed: boolean}> {
	override state = {failed: false};

	static getDerivedStateFromError(): {failed: boolean} {
		return {failed: true};
	}

	override componentDidCatch(error: unknown): void {
		this.props.onError(oneLine(error));
	}

	override render(): ReactNode {
		return this.state.failed ? null : this.props.children;
	}
}

/** An error's message on one line, at most 200 characters. */
export const oneLine = (error: unknown): string => {
	const text = (error instanceof Error ? error.message : String(error)).replaceAll(/\s+/g, ' ').trim();
	return text.length > 200 ? `${text.slice(0, 199)}…` : text || 'an unexpected error';
};
