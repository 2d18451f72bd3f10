// The controls in a grid column's header: its menu (pin, fit width) and its resize handle.
import { ActionIcon, Menu } from '@mantine/core';
import type { PointerEvent as ReactPointerEvent } from 'react';

/** A column's menu: pin to the left or unpin, and back to the fitted width. */
export function ColumnMenu(props: {
  name: string;
  pinned: boolean;
  onPin: (pin: boolean) => void;
  onResetWidth: () => void;
}) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="xs"
          className="column-menu"
          aria-label={`Column ${props.name} options`}
        >
          ⋮
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => props.onPin(!props.pinned)}>
          {props.pinned ? `Unpin ${props.name}` : `Pin ${props.name} to the left`}
        </Menu.Item>
        <Menu.Item onClick={props.onResetWidth}>Fit width</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Drag, or focus and use the arrow keys, to set a column's width. */
export function ResizeHandle(props: { name: string; width: number; min: number; onResize: (width: number) => void }) {
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    const startWidth = props.width;
    const move = (moved: PointerEvent) =>
      props.onResize(Math.max(props.min, Math.round(startWidth + moved.clientX - startX)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${props.name}`}
      aria-valuenow={props.width}
      aria-valuemin={props.min}
      tabIndex={0}
      className="resize-handle"
      onPointerDown={onPointerDown}
      onKeyDown={(event) => {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        event.preventDefault();
        event.stopPropagation();
        props.onResize(Math.max(props.min, props.width + (event.key === 'ArrowRight' ? 20 : -20)));
      }}
    />
  );
}
