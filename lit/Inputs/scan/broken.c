/* Does not compile: the scan warns, goes on, and exits 3. */
int broken(void) { return missing_identifier; }
