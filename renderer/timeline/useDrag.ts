import { useRef, type PointerEvent } from 'react';

/**
 * Pointer drag in pixels: `onMove` sees the offset from where the drag began, `onEnd` commits it
 * once (one undo step per drag). A press without movement is a click.
 */
export function useDrag(handlers: {
  onStart?(event: PointerEvent<HTMLElement>): void;
  onMove(dx: number): void;
  onEnd(dx: number): void;
  onClick?(): void;
}) {
  const start = useRef<number | null>(null);
  const moved = useRef(false);
  return {
    onPointerDown(event: PointerEvent<HTMLElement>) {
      if (event.button !== 0) return;
      event.stopPropagation();
      event.currentTarget.setPointerCapture(event.pointerId);
      start.current = event.clientX;
      moved.current = false;
      handlers.onStart?.(event);
    },
    onPointerMove(event: PointerEvent<HTMLElement>) {
      if (start.current === null) return;
      const dx = event.clientX - start.current;
      if (Math.abs(dx) > 2) moved.current = true;
      if (moved.current) handlers.onMove(dx);
    },
    onPointerUp(event: PointerEvent<HTMLElement>) {
      if (start.current === null) return;
      const dx = event.clientX - start.current;
      start.current = null;
      if (moved.current) handlers.onEnd(dx);
      else handlers.onClick?.();
    },
  };
}
