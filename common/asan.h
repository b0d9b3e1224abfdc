/* common/asan.h — AddressSanitizer's manual poisoning for the project's own
 * arenas, or nothing. An arena hands out pieces of one big allocation, so
 * ASan alone sees no edge between them; under ASan each piece is followed
 * by PA_ASAN_REDZONE poisoned bytes and the unused rest of a chunk stays
 * poisoned, so a read or write past a piece is reported as it would be past
 * a malloc'd block. Without ASan the macros do nothing and the red zone is
 * 0 bytes: the layout of a release build does not change. */
#ifndef PA_ASAN_H
#define PA_ASAN_H

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(PA_ASAN)
#define PA_ASAN 1
#endif

#ifdef PA_ASAN
#include <sanitizer/asan_interface.h>
#define PA_ASAN_REDZONE 16u
#else
#define PA_ASAN_REDZONE 0u
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

#endif
