// proxy-from-env 2 ships no types: the one function gatebench uses.
declare module 'proxy-from-env' {
	/** The proxy URL for `url` from the standard environment variables, or '' to go direct. */
	export function getProxyForUrl(url: string | URL): string;
}
