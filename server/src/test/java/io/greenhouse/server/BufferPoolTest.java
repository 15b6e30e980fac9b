package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The write buffers lent to connections: reused, bounded, and never lent twice at once. */
@Timeout(30)
class BufferPoolTest {

    @Test
    void lendsAGivenBackBufferAgainInsteadOfANewOne() {
        BufferPool pool = new BufferPool(64, 4);
        byte[] first = pool.take();
        assertEquals(64, first.length);
        pool.give(first);
        assertSame(first, pool.take());
    }

    @Test
    void makesNewBuffersWhenAllAreOutAndKeepsNoMoreThanItsCapacity() {
        BufferPool pool = new BufferPool(16, 2);
        List<byte[]> out = List.of(pool.take(), pool.take(), pool.take());
        assertNotSame(out.get(0), out.get(1));
        out.forEach(pool::give);
        Set<byte[]> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 3; i++) {
            kept.add(pool.take());
        }
        int reused = (int) out.stream().filter(kept::contains).count();
        assertEquals(2, reused, "a pool of two keeps two");
    }

    @Test
    void neverLendsOneBufferToTwoHoldersAtOnce() throws InterruptedException {
        BufferPool pool = new BufferPool(8, 4);
        Set<byte[]> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicInteger doubleLent = new AtomicInteger();
        int threads = 16;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    byte[] buffer = pool.take();
                    if (!held.add(buffer)) {
                        doubleLent.incrementAndGet();
                    }
                    held.remove(buffer);
                    pool.give(buffer);
                }
                done.countDown();
            });
        }
        done.await();
        assertEquals(0, doubleLent.get());
    }
}
