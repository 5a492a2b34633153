// Tests run lib modules outside React's server environment, where the real
// `server-only` package throws by design.
export {};
