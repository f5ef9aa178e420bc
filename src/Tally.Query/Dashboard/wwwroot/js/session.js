// The bearer token lives in sessionStorage: it survives reloads but not the closing of the tab.
const tokenKey = 'tally.token';

export const getToken = () => sessionStorage.getItem(tokenKey);

export const signIn = token => sessionStorage.setItem(tokenKey, token);

export const signOut = () => sessionStorage.removeItem(tokenKey);
