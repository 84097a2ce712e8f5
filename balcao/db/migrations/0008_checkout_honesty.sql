-- Checkout keeps its word: the coupon an order redeemed (once per customer), and goods that
-- are delivered without shipping (gift cards, downloads: no CEP, address or shipping asked).
ALTER TABLE orders ADD COLUMN coupon text;
CREATE INDEX orders_coupon ON orders (store_id, customer_id, upper(coupon)) WHERE coupon IS NOT NULL;
ALTER TABLE products ADD COLUMN digital boolean NOT NULL DEFAULT false;
