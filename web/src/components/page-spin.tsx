import { Spin } from 'antd';

/** Shown while a lazily loaded page arrives. */
export function PageSpin() {
  return (
    <div className="yb-page-spin">
      <Spin />
    </div>
  );
}
