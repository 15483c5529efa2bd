ALTER TABLE prediction ADD COLUMN status varchar(20);
