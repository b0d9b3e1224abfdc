/* tests/adv_test_util.h — helpers for the advisor's unit tests: build
 * findings documents as strings and load them into a set. */
#ifndef ADV_TEST_UTIL_H
#define ADV_TEST_UTIL_H

#include "load.h"
#include "merge.h"

#include <stdio.h>
#include <string.h>

#define ADV_DOC_HEAD                                                                          \
    "{\"schema\":\"perfadvise-findings/1\",\"tool\":{\"name\":\"perfadvise\"},"              \
    "\"tu\":{\"source\":\"src/a.c\",\"directory\":\"/src\",\"debug_info\":true},"

/* A finding object as JSON text. */
static inline void adv_test_finding(char *buf, size_t n, const char *id, const char *kind,
                                    const char *fn, unsigned line, const char *evidence)
{
    snprintf(buf, n,
             "{\"id\":\"%s\",\"kind\":\"%s\",\"remark\":\"missed\",\"function\":\"%s\","
             "\"location\":{\"file\":\"src/a.c\",\"line\":%u,\"column\":3},"
             "\"message\":\"m\",\"evidence\":%s}",
             id, kind, fn, line, evidence ? evidence : "{}");
}

/* Load text into s; returns adv_load_buffer's result, problem in err. */
static inline int adv_test_load(adv_set *s, const char *text, char *err, size_t n)
{
    return adv_load_buffer(s, text, strlen(text), "test.json", err, n);
}

#endif
