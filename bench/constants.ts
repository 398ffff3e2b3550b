/** Accounts the bench seed creates (a throwaway database in a temp dir; never a real deployment). */
export const BENCH_PASSWORD = 'bench-password';
export const BENCH_STAFF_LOGIN = 'bench-cs-agent';
export const BENCH_MEMBER_LOGIN = 'bench-member';
